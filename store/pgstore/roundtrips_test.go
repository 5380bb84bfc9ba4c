package pgstore

import (
	"fmt"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

// A commit's round trips are what it costs: they must not grow with the
// store. Each source's items here are near-duplicates of every other
// source's (daysAgo's texts differ by little), the costliest case: every
// candidate's story and signatures are read to be compared.
func TestCommitRoundTripsDoNotGrowWithTheStore(t *testing.T) {
	db := openTest(t, Options{NearDup: aggregator.NearDup{}})
	const n = 40
	for s := range 8 {
		src := fmt.Sprintf("https://s%d.example/feed", s)
		var items []aggregator.Item
		for i := range n {
			items = append(items, daysAgo(src, fmt.Sprintf("s%di%d", s, i), i%5))
		}
		before := db.trips.Load()
		commit(t, db, result(src, items...))
		if trips := db.trips.Load() - before; trips > 3*n/2+5 {
			t.Errorf("source %d: %d round trips for %d new items", s, trips, n)
		}
		before = db.trips.Load()
		commit(t, db, result(src, items...))
		if trips := db.trips.Load() - before; trips > 3 {
			t.Errorf("source %d polled again: %d round trips for %d stored items, want 3 at most", s, trips, n)
		}
	}
}
