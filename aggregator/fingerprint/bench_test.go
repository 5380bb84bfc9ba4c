package fingerprint

import (
	"strings"
	"testing"

	"github.com/feedloom/feedloom/internal/cputime"
)

// templated builds a long text of stock phrases, in the manner of
// generated or boilerplate copy, naming a place or a figure in most
// sentences; seed picks the phrases, names and figures.
func templated(seed uint64, sentences int) string {
	openers := []string{"In a statement on the matter,", "Critics argued that", "Supporters of the measure said", "Early figures suggest that", "Speaking to reporters,"}
	clauses := []string{"the plan would take several years to complete", "costs had risen sharply since the spring", "the timeline remains uncertain", "an independent review is under way", "the proposal enjoys broad support", "the decision could be appealed"}
	places := []string{"Aldport", "Brenwick", "Caldmoor", "Dunmere", "Elsfield", "Farrow", "Glenholt", "Harwick", "Ivybridge", "Jarrow", "Kelby", "Lanmore"}
	var b strings.Builder
	x := seed*0x9e3779b97f4a7c15 + 1
	next := func(n int) int {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return int(x % uint64(n))
	}
	for range sentences {
		b.WriteString(openers[next(len(openers))] + " " + clauses[next(len(clauses))])
		switch next(3) {
		case 0:
			b.WriteString(" in " + places[next(len(places))] + strings.Repeat("a", next(3)))
		case 1:
			b.WriteString(", by " + strings.Repeat("1", 1+next(2)) + "." + string(rune('0'+next(10))) + " percent")
		}
		b.WriteString(". ")
	}
	return b.String()
}

var (
	// Two unrelated templated items under one stock headline: the pair
	// the store meets most on the synthetic benchmark workload.
	templatedA    = item{"Council approves harbour budget plan", templated(1, 30)}
	templatedB    = item{"Council approves harbour budget plan", templated(2, 30)}
	templatedCopy = item{"Council approves harbour budget plan", templated(1, 30)}
)

// loop runs f under b.Loop and reports, beside the wall clock, the CPU
// time per call.
func loop(b *testing.B, f func()) {
	b.ReportAllocs()
	start := cputime.Process()
	for b.Loop() {
		f()
	}
	if cpu := cputime.Process() - start; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

func BenchmarkOf(b *testing.B) {
	for _, bm := range []struct {
		name string
		it   item
	}{
		{"title", noText},
		{"summary", wireUpdate},
		{"body", item{wire.title, longText(2000)}},
		{"templated-body", templatedA},
	} {
		b.Run(bm.name, func(b *testing.B) {
			loop(b, func() { Of(bm.it.title, bm.it.text) })
		})
	}
}

func BenchmarkKeys(b *testing.B) {
	for _, bm := range []struct {
		name string
		it   item
	}{
		{"lede-minhash", wire},
		{"names", named},
	} {
		s := bm.it.sig()
		b.Run(bm.name, func(b *testing.B) {
			loop(b, func() { s.Keys() })
		})
	}
}

func BenchmarkSame(b *testing.B) {
	for _, bm := range []struct {
		name string
		a, b item
	}{
		{"lede", wire, wireUpdate},
		{"title-and-lede", wire, wireRewrite},
		{"different", wire, ownStory},
		{"no-text", noText, oneDropped},
		{"templated-different", templatedA, templatedB},
		{"templated-copy", templatedA, templatedCopy},
	} {
		x, y := bm.a.sig(), bm.b.sig()
		b.Run(bm.name, func(b *testing.B) {
			loop(b, func() { Same(x, y) })
		})
	}
}

func BenchmarkUnmarshalBinary(b *testing.B) {
	data, _ := templatedA.sig().MarshalBinary()
	var s Signature
	loop(b, func() { _ = s.UnmarshalBinary(data) })
}
