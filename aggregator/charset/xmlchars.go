package charset

import (
	"encoding/binary"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// suspect marks the bytes that may start something clean rejects: C0
// controls other than tab, newline and carriage return, the lead byte of
// U+0080-U+009F (0xC2) and of U+FFFE/U+FFFF (0xEF).
var suspect = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = c != '\t' && c != '\n' && c != '\r'
	}
	t[0xC2], t[0xEF] = true, true
	return t
}()

// clean reports whether b is valid UTF-8 made only of characters ToUTF8
// passes through unchanged: no C0 control other than tab, newline and
// carriage return, no C1 control, no U+FFFE or U+FFFF. It is the whole cost
// of converting a feed that is already UTF-8, so it leaves validation to
// utf8.Valid and looks for suspect bytes eight at a time.
func clean(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if hasSuspect(binary.LittleEndian.Uint64(b[i:])) && !cleanFrom(b, i, i+8) {
			return false
		}
	}
	return cleanFrom(b, i, len(b))
}

// cleanFrom checks the suspect bytes in b[from:to]; a sequence starting
// there may extend past to.
func cleanFrom(b []byte, from, to int) bool {
	for i := from; i < to; i++ {
		if !suspect[b[i]] {
			continue
		}
		if b[i] < 0x20 {
			return false
		}
		if r, _ := utf8.DecodeRune(b[i:]); !keep(r) {
			return false
		}
	}
	return true
}

// Word-at-a-time byte tests (after Sean Anderson's "Bit Twiddling Hacks"):
// each is non-zero exactly when some byte of w matches.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
	lows  = 0x7F7F7F7F7F7F7F7F
)

func hasZero(w uint64) uint64         { return (w - ones) &^ w & highs }
func hasByte(w uint64, c byte) uint64 { return hasZero(w ^ (ones * uint64(c))) }
func hasLess(w uint64, n byte) uint64 { return (w - ones*uint64(n)) &^ w & highs }
func hasBetween(w uint64, m, n byte) uint64 {
	return (ones*(127+uint64(n)) - (w & lows)) &^ w & ((w & lows) + ones*(127-uint64(m))) & highs
}

// hasSuspect reports whether w holds a byte marked in suspect.
func hasSuspect(w uint64) bool {
	return hasLess(w, '\t')|hasByte(w, 0x0B)|hasByte(w, 0x0C)|hasBetween(w, '\r', 0x20)|
		hasByte(w, 0xC2)|hasByte(w, 0xEF) != 0
}

// keep reports whether a decoded non-ASCII rune passes through unchanged.
func keep(r rune) bool {
	return !(r >= 0x80 && r <= 0x9F) && r != 0xFFFE && r != 0xFFFF
}

// appendClean appends b to dst as valid UTF-8 holding only XML 1.0
// characters. Bytes that are not part of a valid sequence become U+FFFD
// when strict, or are read as windows-1252 otherwise. C1 controls are read
// as the windows-1252 characters they stand for, or dropped where
// windows-1252 defines none; C0 controls other than whitespace and
// U+FFFE/U+FFFF are dropped.
func appendClean(dst, b []byte, strict bool) []byte {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 || c == '\t' || c == '\n' || c == '\r' {
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			if strict {
				dst = utf8.AppendRune(dst, utf8.RuneError)
			} else {
				dst = appendWindows1252(dst, c)
			}
		case r <= 0x9F:
			if w := charmap.Windows1252.DecodeByte(byte(r)); w != utf8.RuneError {
				dst = utf8.AppendRune(dst, w)
			}
		case r == 0xFFFE || r == 0xFFFF:
		default:
			dst = append(dst, b[i:i+size]...)
		}
		i += size
	}
	return dst
}

// appendWindows1252 appends the windows-1252 reading of byte c (0x80-0xFF);
// the five positions windows-1252 leaves undefined become U+FFFD.
func appendWindows1252(dst []byte, c byte) []byte {
	return utf8.AppendRune(dst, charmap.Windows1252.DecodeByte(c))
}
