package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
	"github.com/feedloom/feedloom/internal/cputime"
)

// BenchIngest measures storing new items, 1,000 per Commit (the pipeline
// commits batches of 500), from 50 sources, into a growing store, with and
// without the near-duplicate lookup; the difference of the two
// cpu-ns/item figures is the cost of dedup per item. serverCPU, when set,
// reads the CPU time a database server has used so far (PostgreSQL's
// backends), which is added: the store's cost is the client's and the
// server's.
func BenchIngest(b *testing.B, open func(b *testing.B, opts Options) Store, serverCPU func() time.Duration) {
	for _, nd := range []bool{false, true} {
		b.Run(fmt.Sprintf("near-dup=%s", map[bool]string{false: "off", true: "on"}[nd]), func(b *testing.B) {
			db := open(b, Options{NearDup: nd, Window: defaultWindow})
			defer db.Close()
			rng := rand.New(rand.NewPCG(1, 2))
			const batch = 1000
			n := 0
			at := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
			server := func() time.Duration { return 0 }
			if serverCPU != nil {
				server = serverCPU
			}
			cpu0, srv0 := cputime.Process(), server()
			for b.Loop() {
				var rs []*aggregator.SourceResult
				for range batch / 10 {
					src := fmt.Sprintf("https://s%d.example/feed", rng.IntN(50))
					r := &aggregator.SourceResult{State: aggregator.SourceState{URL: src}, Parsed: true}
					for range 10 {
						at = at.Add(time.Minute)
						r.Items = append(r.Items, aggregator.Incoming{Item: benchItem(rng, src, n, at)})
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
			if serverCPU != nil {
				b.ReportMetric(float64((server()-srv0).Nanoseconds())/float64(n), "server-cpu-ns/item")
			}
		})
	}
}

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

func benchItem(rng *rand.Rand, src string, n int, at time.Time) aggregator.Item {
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
