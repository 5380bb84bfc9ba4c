package parse

import (
	"bytes"
	"strconv"
)

// dropBadCharRefs removes the numeric character references to characters
// XML 1.0 forbids (C0 controls other than tab, newline and carriage
// return, U+FFFE, U+FFFF, and numbers beyond Unicode). encoding/xml
// refuses the whole document at the first such reference, and feeds carry
// them (a "&#11;" pasted from a word processor) far more often than
// anything else wrong; charset.ToUTF8 already drops the same characters
// when they come as raw bytes. A reference inside a CDATA section is
// literal text and so is dropped too, which loses nothing a reader would
// want to see.
func dropBadCharRefs(b []byte) []byte {
	i := bytes.Index(b, []byte("&#"))
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i >= 0 {
		out = append(out, b[:i]...)
		b = b[i:]
		end := bytes.IndexByte(b[:min(len(b), 16)], ';')
		if end > 2 && forbiddenRef(b[2:end]) {
			b = b[end+1:]
		} else {
			out = append(out, "&#"...)
			b = b[2:]
		}
		i = bytes.Index(b, []byte("&#"))
	}
	return append(out, b...)
}

// forbiddenRef reports whether the digits of a character reference (after
// "&#") name a character XML 1.0 does not allow.
func forbiddenRef(digits []byte) bool {
	base := 10
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	n, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil {
		return false // not a reference: the parser says what is wrong
	}
	r := rune(n)
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF || r > 0x10FFFF
}
