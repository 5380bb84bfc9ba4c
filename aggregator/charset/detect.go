package charset

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// origin says which rule of the precedence chain chose an encoding.
type origin string

const (
	fromBOM         origin = "byte order mark"
	fromPattern     origin = "byte pattern"
	fromHTTP        origin = "http charset"
	fromDeclaration origin = "xml declaration"
	fromContent     origin = "valid utf-8 content"
	fromDefault     origin = "default"
)

// decision is the outcome of detection: how to read the body.
type decision struct {
	// name is the canonical (WHATWG where possible) encoding name.
	name string
	// enc decodes the body; nil means UTF-8.
	enc encoding.Encoding
	// strict makes invalid UTF-8 become U+FFFD instead of being read as
	// windows-1252; set only when a UTF-8 byte order mark was present.
	strict bool
	// skip is the length of a byte order mark to drop.
	skip int
	// clean records that detection already found the body to be clean
	// UTF-8 (see clean), so that the common case is scanned once.
	clean bool
	from  origin
}

// bomEncodings lists byte order marks longest first: the UTF-32LE mark
// begins with the UTF-16LE one.
var bomEncodings = []struct {
	bom  []byte
	name string
	enc  encoding.Encoding
}{
	{[]byte{0x00, 0x00, 0xFE, 0xFF}, "utf-32be", utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM)},
	{[]byte{0xFF, 0xFE, 0x00, 0x00}, "utf-32le", utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM)},
	{[]byte{0xEF, 0xBB, 0xBF}, "utf-8", nil},
	{[]byte{0xFE, 0xFF}, "utf-16be", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)},
	{[]byte{0xFF, 0xFE}, "utf-16le", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)},
}

// detect applies the precedence chain documented on the package.
func detect(body []byte, contentType string) decision {
	for _, b := range bomEncodings {
		if bytes.HasPrefix(body, b.bom) {
			return decision{name: b.name, enc: b.enc, strict: b.enc == nil, skip: len(b.bom), from: fromBOM}
		}
	}
	if d, ok := widePattern(body); ok {
		return d
	}
	labels := [...]struct {
		label string
		from  origin
	}{
		{contentTypeCharset(contentType), fromHTTP},
		{declaredEncoding(body), fromDeclaration},
	}
	claimed := fromDefault
	for _, l := range labels {
		if l.label == "" {
			continue
		}
		enc, name := lookup(l.label)
		if enc == nil || isWide(name) {
			continue
		}
		if name == "utf-8" {
			if clean(body) {
				return decision{name: name, from: l.from, clean: true}
			}
			if utf8.Valid(body) {
				return decision{name: name, from: l.from}
			}
			// Bytes that are not UTF-8 set a UTF-8 label aside in favour
			// of the next one, as feedparser does: a server's default
			// "charset=utf-8" must not hide a correct declaration.
			if claimed == fromDefault {
				claimed = l.from
			}
			continue
		}
		if multibyteUTF8(body) {
			return decision{name: "utf-8", from: fromContent}
		}
		return decision{name: name, enc: enc, from: l.from}
	}
	return decision{name: "utf-8", from: claimed}
}

// widePattern recognises UTF-32 and UTF-16 without a byte order mark from
// the first four bytes, as XML 1.0 appendix F describes for "<?xml", but
// for any leading ASCII character so that "<rss", "{" (JSON Feed) and
// leading whitespace are recognised as well.
func widePattern(b []byte) (decision, bool) {
	if len(b) < 4 {
		return decision{}, false
	}
	switch {
	case b[0] == 0 && b[1] == 0 && b[2] == 0 && ascii(b[3]):
		return decision{name: "utf-32be", enc: utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), from: fromPattern}, true
	case ascii(b[0]) && b[1] == 0 && b[2] == 0 && b[3] == 0:
		return decision{name: "utf-32le", enc: utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), from: fromPattern}, true
	case b[0] == 0 && ascii(b[1]) && b[2] == 0 && ascii(b[3]):
		return decision{name: "utf-16be", enc: unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), from: fromPattern}, true
	case ascii(b[0]) && b[1] == 0 && ascii(b[2]) && b[3] == 0:
		return decision{name: "utf-16le", enc: unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), from: fromPattern}, true
	}
	return decision{}, false
}

// ascii reports whether b is a non-NUL ASCII byte.
func ascii(b byte) bool { return b != 0 && b < 0x80 }

// isWide reports whether name is a 16- or 32-bit Unicode encoding.
func isWide(name string) bool {
	return strings.HasPrefix(name, "utf-16") || strings.HasPrefix(name, "utf-32")
}
