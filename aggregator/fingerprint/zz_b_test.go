package fingerprint

import "testing"

func BenchmarkZZProse(b *testing.B) {
	t := templated(1, 60)
	b.Logf("%d bytes", len(t))
	loop(b, func() { prose(t) })
}

func BenchmarkZZTokens(b *testing.B) {
	t := prose(templated(1, 60))
	loop(b, func() {
		for range tokens(t) {
		}
	})
}

func BenchmarkZZOfLong(b *testing.B) {
	t := templated(1, 60)
	loop(b, func() { Of("x", t) })
}

func BenchmarkZZSimple(b *testing.B) {
	t := prose(templated(1, 60))
	n := 0
	loop(b, func() {
		inw := false
		for i := 0; i < len(t); i++ {
			c := t[i]
			w := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
			if w && !inw {
				n++
			}
			inw = w
		}
	})
}

func BenchmarkZZWords(b *testing.B) {
	t := prose(templated(1, 60))
	loop(b, func() {
		for range words(t) {
		}
	})
}
