package charset

import (
	"testing"
	"unicode/utf8"
)

// TestHasSuspect checks the word-at-a-time test against the byte table
// for every byte value in every position, among neighbours that are and
// are not suspect themselves.
func TestHasSuspect(t *testing.T) {
	for c := range 256 {
		for pos := range 8 {
			for _, fill := range []byte{'a', '\t', '\n', '\r', ' ', 0x7F, 0x80, 0xC3, 0xFF, 0x00} {
				var w uint64
				for k := range 8 {
					b := uint64(fill)
					if k == pos {
						b = uint64(c)
					}
					w |= b << (8 * k)
				}
				want := suspect[c] || suspect[fill]
				if got := hasSuspect(w); got != want {
					t.Fatalf("hasSuspect(%#016x) = %v, want %v", w, got, want)
				}
			}
		}
	}
}

// cleanReference is clean written the obvious way, one rune at a time.
func cleanReference(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			return false
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || !keep(r) && r >= 0x80 {
			return false
		}
		b = b[size:]
	}
	return true
}

func TestClean(t *testing.T) {
	for _, s := range []string{
		"", "plain ascii text that is long enough", "tab\tnewline\ncr\r",
		"x\x00", "0123456789\x01", "\x7F del is allowed", "héllo wörld ünïcode",
		"0123456\u0085", "0123456\uFFFE", "\uFFFF", "\uFFFD is allowed", "\xC2", "0123456789abcde\xC2",
		"\xEF\xBF", "\xED\xA0\x80", "€ and \u00A0 and \u00A9 are fine",
	} {
		if got, want := clean([]byte(s)), cleanReference([]byte(s)); got != want {
			t.Errorf("clean(%q) = %v, want %v", s, got, want)
		}
	}
}
