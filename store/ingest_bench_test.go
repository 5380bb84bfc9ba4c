//go:build unix

package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/feedloom/feedloom/internal/cputime"
)

// ingestWords is the vocabulary of the generated items: a few thousand
// made-up words with a skewed frequency, so that near-duplicate keys
// collide now and then, as news does, without every item matching.
var ingestWords = func() []string {
	syl := strings.Fields("ka lo mi re tu sa ne po di fa go ha ju be vo ri ta me su no")
	rng := rand.New(rand.NewPCG(7, 7))
	out := make([]string, 3000)
	for i := range out {
		var b strings.Builder
		for range 2 + rng.IntN(3) {
			b.WriteString(syl[rng.IntN(len(syl))])
		}
		out[i] = b.String()
	}
	return out
}()

func ingestBenchItem(rng *rand.Rand, src string, n int, at time.Time) aggregator.Item {
	words := func(k int) string {
		var b strings.Builder
		for i := range k {
			if i > 0 {
				b.WriteByte(' ')
			}
			// Squaring skews the draw towards the first words.
			f := rng.Float64()
			b.WriteString(ingestWords[int(f*f*float64(len(ingestWords)))])
		}
		return b.String()
	}
	title := words(8)
	text := words(60) + "."
	it := aggregator.Item{
		SourceURL: src, GUID: fmt.Sprintf("%s/%d", src, n), Identity: fmt.Sprintf("guid:%s/%d", src, n),
		Link: fmt.Sprintf("https://%d.example/story/%d", n%97, n), Title: title, Summary: "<p>" + text + "</p>",
		Published: at, Updated: at,
	}
	it.CanonicalURL = it.Link
	it.Sig = fingerprint.Of(title, text)
	it.Hash = uint64(n)
	return it
}

// BenchmarkIngest measures storing new items, 1000 per transaction (the pipeline commits batches of 500), from
// 50 sources, into a growing store, with and without the near-duplicate
// lookup. The difference of the two cpu-ns/item figures is the cost of
// dedup per item.
func BenchmarkIngest(b *testing.B) {
	for _, nd := range []struct {
		name string
		dup  fold.NearDup
	}{{"near-dup=off", nil}, {"near-dup=on", aggregator.NearDup{}}} {
		b.Run(nd.name, func(b *testing.B) {
			db, err := Open(filepath.Join(b.TempDir(), "bench.db"), Options{NearDup: nd.dup})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			rng := rand.New(rand.NewPCG(1, 2))
			const batch = 1000
			n := 0
			at := t0
			cpu0 := cputime.Process()
			for b.Loop() {
				var rs []*aggregator.SourceResult
				for range batch / 10 {
					src := fmt.Sprintf("https://s%d.example/feed", rng.IntN(50))
					r := &aggregator.SourceResult{State: aggregator.SourceState{URL: src}, Parsed: true}
					for range 10 {
						at = at.Add(time.Minute)
						r.Items = append(r.Items, aggregator.Incoming{Item: ingestBenchItem(rng, src, n, at)})
						n++
					}
					rs = append(rs, r)
				}
				if _, err := db.Commit(context.Background(), rs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/item")
			// CPU time per item: the wall clock of a shared machine
			// includes other processes' load.
			b.ReportMetric(float64((cputime.Process()-cpu0).Nanoseconds())/float64(n), "cpu-ns/item")
		})
	}
}
