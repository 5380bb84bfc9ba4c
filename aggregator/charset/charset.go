package charset

import (
	"bytes"
	"fmt"
)

// byteOrderMark is U+FEFF in UTF-8, which a decoder may leave at the start.
var byteOrderMark = []byte{0xEF, 0xBB, 0xBF}

// ToUTF8 returns body as UTF-8 an XML (or JSON) parser reads correctly.
//
// contentType is the HTTP Content-Type header value, or "" when there was
// none (local files). The encoding is chosen by the precedence the package
// documentation describes: byte order mark, UTF-16/32 byte pattern, HTTP
// charset, XML declaration, UTF-8. The XML declaration is rewritten to say
// UTF-8, byte order marks and any whitespace before the declaration are
// removed, invalid sequences are replaced and characters XML 1.0 forbids
// are dropped.
//
// A body that is already clean UTF-8 with a UTF-8 (or no) declaration is
// returned as is, or as a subslice without its byte order mark: the common
// case costs one validity scan and no copy. The result may therefore share
// memory with body.
//
// ToUTF8 never fails on content: every byte sequence has a reading. The
// error reports a decoder failure, which the x/text decoders used do not
// produce in practice.
func ToUTF8(body []byte, contentType string) ([]byte, error) {
	d := detect(body, contentType)
	src := body[d.skip:]
	var out []byte
	switch {
	case d.enc == nil && (d.clean || clean(src)):
		out = src
	case d.enc == nil:
		out = appendClean(make([]byte, 0, len(src)+len(src)/8), src, d.strict)
	default:
		decoded, err := d.enc.NewDecoder().Bytes(src)
		if err != nil {
			return nil, fmt.Errorf("decode body as %s (from %s): %w", d.name, d.from, err)
		}
		if clean(decoded) {
			out = decoded
		} else {
			out = appendClean(make([]byte, 0, len(decoded)), decoded, true)
		}
	}
	// A byte order mark can remain after the first one (a decoder leaves
	// it, the document repeats it, or dropped controls preceded it).
	for bytes.HasPrefix(out, byteOrderMark) {
		out = out[len(byteOrderMark):]
	}
	return rewriteDeclaration(trimBeforeDeclaration(out)), nil
}
