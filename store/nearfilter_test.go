package store

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

// TestNearFilterNeverMissesAKey: every key added is found, and keys never
// added are mostly not (the filter only saves seeks if they are not).
func TestNearFilterNeverMissesAKey(t *testing.T) {
	f := &nearFilter{limit: 100_000}
	f.words = make([]uint64, 1<<15) // 2^21 bits: 21 a key
	r := rand.New(rand.NewPCG(1, 2))
	keys := make([]uint64, 100_000)
	for i := range keys {
		keys[i] = r.Uint64()
		f.add(keys[i])
	}
	for _, k := range keys {
		if !f.has(k) {
			t.Fatalf("key %x added but not found", k)
		}
	}
	fp := 0
	for range 100_000 {
		if f.has(r.Uint64()) {
			fp++
		}
	}
	if fp > 1000 {
		t.Errorf("%d false positives in 100,000 keys never added, want under 1%%", fp)
	}
}

// TestNearFilterIsDroppedWhenAnotherWriterCommits: a filter built by one
// process does not know the keys another process filed meanwhile, so it
// is dropped: a near-duplicate of a story the other process stored still
// folds into it.
func TestNearFilterIsDroppedWhenAnotherWriterCommits(t *testing.T) {
	defer func(n int) { nearFilterAfter = n }(nearFilterAfter)
	nearFilterAfter = 0
	const srcC = "https://c.example/feed"
	path := filepath.Join(t.TempDir(), "feedloom.db")
	opts := Options{NearDup: aggregator.NearDup{}, Transient: true}
	mine, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer mine.Close()
	other, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	// mine builds its filter with an unrelated story in the index.
	commit(t, mine, result(srcC, nearItem(srcC, "c1", "https://c.example/budget", "Council passes the budget", ownReport, 0)))
	if mine.near == nil || mine.near.words == nil {
		t.Fatal("the filter was not built: the test proves nothing")
	}
	// other stores the wire story.
	wireA := nearItem(srcA, "a1", "https://abc.example/wirestory/nepal-plane-crash-98765", "Plane carrying 72 people crashes in Nepal", wireLede, 10)
	commit(t, other, result(srcA, wireA))
	// mine meets a copy of it.
	wireB := nearItem(srcB, "b1", "https://nbc.example/news/world/nepal-crash-n12345", "Nepal plane crash: at least 70 dead as search goes on", wireLedeUpdated, 90)
	if st := commit(t, mine, result(srcB, wireB)); st.Merged != 1 {
		t.Errorf("the copy merged %d times, want 1: the filter hid the other writer's story", st.Merged)
	}
}
