package charset

import (
	"strings"
	"unicode/utf8"

	htmlcharset "golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode/utf32"
)

// utf32Labels are the UTF-32 labels: WHATWG does not list UTF-32 and
// ianaindex knows the names but has no decoder for them.
var utf32Labels = map[string]encoding.Encoding{
	"utf-32":   utf32.UTF32(utf32.BigEndian, utf32.UseBOM),
	"utf-32be": utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM),
	"utf-32le": utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM),
}

// lookup resolves an encoding label with the WHATWG index browsers use,
// falling back to the IANA registry for labels WHATWG does not list. It
// returns a nil encoding for unknown or unsupported labels.
func lookup(label string) (encoding.Encoding, string) {
	if enc, name := htmlcharset.Lookup(label); enc != nil {
		if name == "replacement" {
			// WHATWG maps ISO-2022-KR, HZ and ISO-2022-CN to a decoder
			// that turns the whole document into one U+FFFD. Treating
			// the label as unknown keeps the feed readable; what those
			// bytes could smuggle is removed by sanitising later.
			return nil, ""
		}
		return enc, name
	}
	label = strings.ToLower(strings.TrimSpace(label))
	if enc, ok := utf32Labels[label]; ok {
		return enc, label
	}
	enc, err := ianaindex.IANA.Encoding(label)
	if err != nil || enc == nil {
		return nil, ""
	}
	name, err := ianaindex.IANA.Name(enc)
	if err != nil {
		name = label
	}
	return enc, strings.ToLower(name)
}

// contentTypeCharset returns the charset parameter of an HTTP Content-Type
// value, or "". It is more lenient than mime.ParseMediaType, which rejects
// the whole header over one malformed parameter: real servers send
// "charset='utf-8'", "charset = utf-8" and trailing semicolons. A parameter
// without "=" ("charset:utf-8") is not a charset.
func contentTypeCharset(contentType string) string {
	_, params, found := strings.Cut(contentType, ";")
	if !found {
		return ""
	}
	for param := range strings.SplitSeq(params, ";") {
		key, value, ok := strings.Cut(param, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(key), "charset") {
			continue
		}
		return strings.Trim(value, " \t\"'")
	}
	return ""
}

// multibyteUTF8 reports whether body is valid UTF-8 and holds at least one
// multi-byte sequence: evidence strong enough to override a legacy label.
func multibyteUTF8(body []byte) bool {
	for i, b := range body {
		if b >= utf8.RuneSelf {
			return utf8.Valid(body[i:])
		}
	}
	return false
}
