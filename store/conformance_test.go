package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/store/storetest"
)

var _ storetest.Store = (*DB)(nil)

// TestConformance holds the bbolt store to the behaviour every backend
// shares (package storetest). Each store is checked at cleanup, once the
// suite has closed it: the file must open again and pass Verify.
func TestConformance(t *testing.T) {
	storetest.Run(t, openConformance)
}

// TestConformanceWithNearFilter runs the suite again with the near filter
// (nearfilter.go) built from the first look-up, as a large refresh uses
// it: every near-duplicate case must fold the same through it.
func TestConformanceWithNearFilter(t *testing.T) {
	defer func(n int) { nearFilterAfter = n }(nearFilterAfter)
	nearFilterAfter = 0
	storetest.Run(t, openConformance)
}

// TestConformanceWithFreshTail runs the suite again with every
// near-duplicate key filed in the fresh tail of the index (nearkey.go),
// and every time and URL entry in theirs (tails.go), as in a store larger
// than freshFrom, where the suite's few keys all stay.
func TestConformanceWithFreshTail(t *testing.T) {
	defer func(n int64) { freshFrom = n }(freshFrom)
	freshFrom = 0
	storetest.Run(t, openConformance)
}

// TestConformanceMergingEveryCommit runs the suite again with the tails
// merged by every commit (the near-duplicate index's, and the time or
// the URL index's).
func TestConformanceMergingEveryCommit(t *testing.T) {
	defer func(n, m uint64, from int64) { freshLimit, indexTailLimit, freshFrom = n, m, from }(freshLimit, indexTailLimit, freshFrom)
	freshLimit, indexTailLimit, freshFrom = 0, 0, 0
	storetest.Run(t, openConformance)
}

// TestConformanceReadingByPread runs the suite again with every selection
// reading its records by pread (pread.go), as in a store larger than
// preadFrom.
func TestConformanceReadingByPread(t *testing.T) {
	defer func(n int64) { preadFrom = n }(preadFrom)
	preadFrom = 0
	storetest.Run(t, openConformance)
}

func openConformance(t *testing.T, opts storetest.Options) storetest.Store {
	path := filepath.Join(t.TempDir(), "feedloom.db")
	o := Options{Window: opts.Window, Now: opts.Now}
	if opts.NearDup {
		o.NearDup = aggregator.NearDup{}
	}
	db, err := Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close() // closed by the suite already; a second Close is a no-op
		again, err := Open(path, Options{})
		if err != nil {
			t.Errorf("reopen after the test: %v", err)
			return
		}
		defer again.Close()
		if err := again.Verify(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return db
}
