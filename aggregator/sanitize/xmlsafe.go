package sanitize

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// xmlSafe returns s as valid UTF-8 holding only XML 1.0 characters and no
// control characters but tab, newline and carriage return: invalid bytes
// become U+FFFD; other C0 controls, DEL, U+FFFE and U+FFFF are dropped;
// C1 controls become the windows-1252 characters they nearly always stand
// for (the HTML tokeniser does the same for &#128;-&#159;), or are dropped
// where windows-1252 has none. It returns s itself when nothing changes.
func xmlSafe(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7F {
			continue
		}
		if c < 0x20 && (c == '\t' || c == '\n' || c == '\r') {
			continue
		}
		if c > 0x7F {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !(r == utf8.RuneError && size == 1) && xmlRune(r) == r {
				i += size - 1
				continue
			}
		}
		return rebuild(s, i)
	}
	return s
}

// rebuild finishes xmlSafe from the first byte that needs changing.
func rebuild(s string, from int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:from])
	for i := from; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			continue
		}
		if r = xmlRune(r); r >= 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlRune returns the character r becomes in XML-safe text, or -1 to drop
// it.
func xmlRune(r rune) rune {
	switch {
	case r < 0x20 || r == 0x7F:
		if r == '\t' || r == '\n' || r == '\r' {
			return r
		}
		return -1
	case r >= 0x80 && r <= 0x9F:
		if w := charmap.Windows1252.DecodeByte(byte(r)); w != utf8.RuneError {
			return w
		}
		return -1
	case r == 0xFFFE || r == 0xFFFF:
		return -1
	}
	return r
}
