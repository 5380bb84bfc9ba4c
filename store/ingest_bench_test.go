//go:build unix

package store

import (
	"path/filepath"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/store/storetest"
)

// BenchmarkIngest measures storing new items, 1000 per transaction (the pipeline commits batches of 500), from
// 50 sources, into a growing store, with and without the near-duplicate
// lookup. The difference of the two cpu-ns/item figures is the cost of
// dedup per item.
func BenchmarkIngest(b *testing.B) {
	storetest.BenchIngest(b, func(b *testing.B, opts storetest.Options) storetest.Store {
		o := Options{Window: opts.Window}
		if opts.NearDup {
			o.NearDup = aggregator.NearDup{}
		}
		db, err := Open(filepath.Join(b.TempDir(), "bench.db"), o)
		if err != nil {
			b.Fatal(err)
		}
		return db
	}, nil)
}
