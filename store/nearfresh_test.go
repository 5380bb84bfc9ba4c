package store

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	bolt "go.etcd.io/bbolt"
)

// TestFreshTailFoldsAsTheSpansDo: where a near-duplicate key waits (the
// fresh tail or its span, nearkey.go) changes nothing that is folded. The
// same commits go into a store whose commits never merge the tail and
// into one whose every commit merges up to mergeSpans spans, and the
// stories, items and commit counts must agree; merged in full, the two
// indexes must be the same keys, and the same as rebuildNear writes.
func TestFreshTailFoldsAsTheSpansDo(t *testing.T) {
	defer func(n uint64, from int64) { freshLimit, freshFrom = n, from }(freshLimit, freshFrom)
	freshFrom = 0
	sources := []string{"https://a.example/feed", "https://b.example/feed", "https://c.example/feed", "https://d.example/feed"}
	ingest := func(limit uint64) (*DB, []aggregator.CommitStats) {
		freshLimit = limit
		db := openTest(t, Options{NearDup: aggregator.NearDup{}, Now: func() time.Time { return t0 }})
		var stats []aggregator.CommitStats
		for _, src := range sources {
			stats = append(stats, commit(t, db, result(src, wireCopies(src, 14)...)))
		}
		return db, stats
	}
	never, neverStats := ingest(1 << 62)
	always, alwaysStats := ingest(0)

	merged := 0
	for i := range neverStats {
		if neverStats[i] != alwaysStats[i] {
			t.Errorf("commit %d: %+v with the tail never merged, %+v with it merged every commit", i, neverStats[i], alwaysStats[i])
		}
		merged += neverStats[i].Merged
	}
	if merged == 0 {
		t.Fatal("no copy folded into another source's story: the items do not exercise the near index")
	}
	if inTail, inSpans := nearLayout(t, never); inSpans != 0 || inTail == 0 {
		t.Fatalf("never merged: %d keys in the tail, %d in spans; want all in the tail", inTail, inSpans)
	}
	inTail, inSpans := nearLayout(t, always)
	if inSpans == 0 || inTail == 0 {
		t.Fatalf("merged every commit: %d keys in the tail, %d in spans; want both (more spans than a commit merges)", inTail, inSpans)
	}
	if seq := nearSequence(t, always); seq != uint64(inTail) {
		t.Errorf("after a merge the near bucket's sequence is %d, the tail holds %d keys", seq, inTail)
	}
	for _, b := range [][]byte{bucketStories, bucketItems, bucketSigs, bucketURLs} {
		if got, want := bucketContents(t, always, b), bucketContents(t, never, b); !maps.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("bucket %s differs between the two stores", b)
		}
	}

	for _, db := range []*DB{never, always} {
		mergeAllFresh(t, db)
	}
	full := bucketContents(t, never, bucketNear)
	if got := bucketContents(t, always, bucketNear); !maps.EqualFunc(got, full, bytes.Equal) {
		t.Errorf("merged in full, the indexes differ: %d keys and %d", len(got), len(full))
	}
	if inTail, _ := nearLayout(t, never); inTail != 0 || nearSequence(t, never) != 0 {
		t.Errorf("a full merge left %d keys in the tail and sequence %d", inTail, nearSequence(t, never))
	}
	if err := never.bolt.Update(rebuildNear); err != nil {
		t.Fatal(err)
	}
	if got := bucketContents(t, never, bucketNear); !maps.EqualFunc(got, full, bytes.Equal) {
		t.Errorf("rebuilt from the item records, the index has %d keys; merged, %d (or values differ)", len(got), len(full))
	}
}

// wireCopies is source src's copies of n wire stories, one every 36 hours
// back from t0, so they fall in many spans. Each copy has a sentence of the
// source's own, so no two are the same document.
func wireCopies(src string, n int) []aggregator.Item {
	words := strings.Fields(`harbour council river bridge minister election budget hospital school
		strike union court ruling police inquiry flood storm rail airport port
		factory export tariff treaty border summit protest verdict appeal senate
		farmers drought harvest wildfire evacuation vaccine clinic teachers nurses
		pension reform mayor museum stadium festival orchestra library tunnel`)
	var items []aggregator.Item
	for e := range n {
		r := rand.New(rand.NewPCG(uint64(e), 7))
		var story []string
		for range 60 {
			story = append(story, words[r.IntN(len(words))])
		}
		text := fmt.Sprintf("%s. The %s desk of %s adds that its own reporter was there.", strings.Join(story, " "), src, src)
		title := fmt.Sprintf("%s %s %s: what we know", words[e%len(words)], words[(e*7+3)%len(words)], words[(e*13+5)%len(words)])
		link := fmt.Sprintf("%s/story-%d", strings.TrimSuffix(src, "/feed"), e)
		items = append(items, nearItem(src, fmt.Sprintf("%s-%d", src, e), link, title, text, -e*36*60+len(src)))
	}
	return items
}

// mergeAllFresh merges the whole fresh tail, mergeSpans spans a
// transaction, as commits would if they came.
func mergeAllFresh(t *testing.T, db *DB) {
	t.Helper()
	defer func(n uint64) { freshLimit = n }(freshLimit)
	freshLimit = 0
	for range 1000 {
		if nearSequence(t, db) == 0 {
			return
		}
		if err := db.bolt.Update(func(tx *bolt.Tx) error { return mergeFresh(tx.Bucket(bucketNear)) }); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("the fresh tail still counts %d keys after 1,000 merges", nearSequence(t, db))
}

// nearLayout counts the near index's keys in the fresh tail and in spans.
func nearLayout(t *testing.T, db *DB) (inTail, inSpans int) {
	t.Helper()
	for k := range bucketContents(t, db, bucketNear) {
		if be64([]byte(k)) == freshSpan {
			inTail++
		} else {
			inSpans++
		}
	}
	return inTail, inSpans
}

func nearSequence(t *testing.T, db *DB) (seq uint64) {
	t.Helper()
	db.bolt.View(func(tx *bolt.Tx) error {
		seq = tx.Bucket(bucketNear).Sequence()
		return nil
	})
	return seq
}
