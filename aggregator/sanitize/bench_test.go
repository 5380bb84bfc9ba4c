package sanitize

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/microcosm-cc/bluemonday"

	"github.com/feedloom/feedloom/internal/cputime"
)

// article is a realistic 4 KB article body (testdata/article.html):
// paragraphs, links, emphasis, lists, a figure and a quotation.
func article(b *testing.B) string {
	data, err := os.ReadFile("testdata/article.html")
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

// loop runs f under b.Loop and reports, beside ns/op and MB/s, the
// throughput per second of process CPU time (cpu-MB/s): on a shared
// machine the wall clock also counts time spent waiting for a core. Run
// with -cpu 1 so that the process time is the benchmark's own.
func loop(b *testing.B, size int, f func()) {
	b.SetBytes(int64(size))
	b.ReportAllocs()
	start := cputime.Process()
	for b.Loop() {
		f()
	}
	if used := cputime.Process() - start; used > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/used.Seconds()/1e6, "cpu-MB/s")
	}
}

func BenchmarkHTML(b *testing.B) {
	p := New()
	for _, bc := range []struct{ name, in string }{
		{"article", article(b)},
		{"plain-text", strings.Repeat("A summary written as plain text, without any markup at all. ", 64)},
		// Plain text with a reference, as an escaped Atom type="text"
		// summary with an apostrophe arrives.
		{"plain-text-refs", "The council&#39;s plan &amp; the mayor&#39;s objections, written as plain text."},
	} {
		b.Run(bc.name, func(b *testing.B) {
			loop(b, len(bc.in), func() { p.HTML(bc.in, testBase) })
		})
	}
}

// BenchmarkRefreshBatch sanitises what a refresh of 10,000 items with
// 4 KB bodies does, on two workers as on the target machine: one op is the
// whole batch, so sec/op is the answer to "how long does it take".
func BenchmarkRefreshBatch(b *testing.B) {
	const items, workers = 10_000, 2
	p := New()
	in := article(b)
	b.ReportAllocs()
	b.SetBytes(int64(items * len(in)))
	start := cputime.Process()
	for b.Loop() {
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for range items / workers {
					p.HTML(in, testBase)
				}
			})
		}
		wg.Wait()
	}
	if used := cputime.Process() - start; used > 0 {
		b.ReportMetric(used.Seconds()/float64(b.N), "cpu-sec/op")
	}
}

// BenchmarkBluemondayAlone measures the policy without URL resolution, to
// show what the preparing pass costs.
func BenchmarkBluemondayAlone(b *testing.B) {
	in := article(b)
	for _, bc := range []struct {
		name string
		p    *bluemonday.Policy
	}{
		{"allowlist", allowlist()},
		{"ugc", bluemonday.UGCPolicy()},
	} {
		b.Run(bc.name, func(b *testing.B) {
			loop(b, len(in), func() { bc.p.Sanitize(in) })
		})
	}
}

func BenchmarkText(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"article", article(b)},
		// A title as RSS feeds write them: an apostrophe and an ampersand
		// as character references, no tag.
		{"title-refs", "Ukraine&#39;s grain deal &amp; the Black Sea: what&#8217;s next"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			loop(b, len(bc.in), func() { Text(bc.in) })
		})
	}
}
