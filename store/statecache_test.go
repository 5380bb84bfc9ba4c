package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	bolt "go.etcd.io/bbolt"
)

// TestStateCacheServesOnlyWhatIsStored: states read again come from the
// cache (statecache.go) while their records are unchanged, and never once
// a record changed: written by a commit, written past the cache, or
// damaged.
func TestStateCacheServesOnlyWhatIsStored(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, Options{})
	srcs := []string{srcA, srcB, "https://c.example/feed"}
	for i, src := range srcs {
		r := result(src, item(src, "x", i))
		r.State.Title, r.State.Digests = "Feed "+src, aggregator.Digests{1, 2, 3}
		commit(t, db, r)
	}
	decoded := func() int {
		db.states.mu.Lock()
		defer db.states.mu.Unlock()
		return db.states.decoded
	}
	read := func() map[string]aggregator.SourceState {
		t.Helper()
		states, err := db.SourceStates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return states
	}
	first := read()
	base := decoded()
	first[srcA].Digests[0] = 99 // the caller's copy, not the cache's
	again := read()
	if got := decoded(); got != base {
		t.Errorf("unchanged states read again: %d records decoded, want 0", got-base)
	}
	if !slices.Equal(again[srcA].Digests, aggregator.Digests{1, 2, 3}) {
		t.Errorf("a caller's change to a state reached the cache: digests %v", again[srcA].Digests)
	}

	// A commit: the writer reads the state through the cache, and what it
	// writes is what the next read returns, without decoding.
	st := again[srcB]
	st.LastStatus = 304
	commit(t, db, &aggregator.SourceResult{State: st})
	if got := read()[srcB].LastStatus; got != 304 {
		t.Errorf("after a commit, last status %d, want 304", got)
	}
	if got := decoded(); got != base {
		t.Errorf("a commit and a read decoded %d records, want 0", got-base)
	}

	// A record written past the cache is decoded afresh.
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		st := again[srcs[2]]
		st.Title = "Renamed"
		return putState(nil, tx, &st)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := read()[srcs[2]].Title; got != "Renamed" {
		t.Errorf("a state written past the cache reads with title %q", got)
	}
	if got := decoded(); got != base+1 {
		t.Errorf("after a write past the cache, %d records decoded, want 1", got-base)
	}

	// A damaged record is reported, not served from the cache.
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSources)
		v := slices.Clone(b.Get([]byte(srcA)))
		v[len(v)-1] ^= 0x20
		return b.Put([]byte(srcA), v)
	})
	if err != nil {
		t.Fatal(err)
	}
	var re *RecordError
	if _, err := db.SourceStates(ctx); !errors.As(err, &re) {
		t.Errorf("a damaged state record read as %v, want a record error", err)
	}
	// Put it right, so that the cleanup's check passes.
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		st := again[srcA]
		return putState(nil, tx, &st)
	})
	if err != nil {
		t.Fatal(err)
	}
}
