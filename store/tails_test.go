package store

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	bolt "go.etcd.io/bbolt"
)

// tailSources are the sources the tail tests commit, each a document of
// 40 items an hour apart (the first the newest), their links all
// different: item i of a.example links to https://example.org/a<i>.
var tailSources = []string{"https://a.example/feed", "https://b.example/feed", "https://c.example/feed"}

func tailItems(src string, n int) []aggregator.Item {
	name := strings.TrimSuffix(strings.TrimPrefix(src, "https://"), ".example/feed")
	var items []aggregator.Item
	for i := range n {
		items = append(items, item(src, fmt.Sprintf("%s%d", name, i), -i*60))
	}
	return items
}

// ingestTails commits tailSources into a new store, one commit each, with
// the tails taking keys from the first commit (freshFrom 0) and merged
// once they count more than limit.
func ingestTails(t *testing.T, limit uint64) *DB {
	t.Helper()
	defer func(n uint64, from int64) { indexTailLimit, freshFrom = n, from }(indexTailLimit, freshFrom)
	indexTailLimit, freshFrom = limit, 0
	db := openTest(t, Options{Now: func() time.Time { return t0 }})
	for _, src := range tailSources {
		commit(t, db, result(src, tailItems(src, 40)...))
	}
	return db
}

// tailLayout counts bucket name's keys in its tail and elsewhere.
func tailLayout(t *testing.T, db *DB, name []byte) (inTail, inIndex int, seq uint64) {
	t.Helper()
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(name)
		seq = b.Sequence()
		return b.ForEach(func(k, _ []byte) error {
			if isTailKey(k) {
				inTail++
			} else {
				inIndex++
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return inTail, inIndex, seq
}

// TestIndexTailsHoldWhatTheIndexesWould: in a store past freshFrom, new
// time and URL index entries wait in the indexes' tails (tails.go), a
// commit merges a tail once it counts more than indexTailLimit, and
// merged, each index holds the keys a store filing them in place holds.
// What was stored is the same either way.
func TestIndexTailsHoldWhatTheIndexesWould(t *testing.T) {
	direct := openTest(t, Options{Now: func() time.Time { return t0 }})
	for _, src := range tailSources {
		commit(t, direct, result(src, tailItems(src, 40)...))
	}
	never := ingestTails(t, 1<<62)
	stories := 3 * 40
	for _, name := range [][]byte{bucketByTime, bucketURLs} {
		if inTail, inIndex, seq := tailLayout(t, never, name); inTail != stories || inIndex != 0 || seq != uint64(stories) {
			t.Errorf("%s never merged: %d keys in the tail, %d in the index, sequence %d; want all %d in the tail", name, inTail, inIndex, seq, stories)
		}
	}
	// A limit of 50: the second commit takes both tails past it and
	// merges the time index's, the third merges the URL index's (one
	// merge a commit), leaving the time index's third 40 in its tail.
	merged := ingestTails(t, 50)
	for name, want := range map[string][2]int{string(bucketByTime): {40, 80}, string(bucketURLs): {0, 120}} {
		inTail, inIndex, seq := tailLayout(t, merged, []byte(name))
		if inTail != want[0] || inIndex != want[1] || seq != uint64(inTail) {
			t.Errorf("%s merged past 50 keys: %d keys in the tail, %d in the index, sequence %d; want %d and %d, and the sequence counting the tail", name, inTail, inIndex, seq, want[0], want[1])
		}
	}
	for _, name := range [][]byte{bucketStories, bucketItems, bucketBySource, bucketIdent} {
		want := bucketContents(t, direct, name)
		for _, db := range []*DB{never, merged} {
			if got := bucketContents(t, db, name); !maps.EqualFunc(got, want, bytes.Equal) {
				t.Errorf("bucket %s differs from the store that filed in place", name)
			}
		}
	}
	for _, db := range []*DB{never, merged} {
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			if err := mergeTail(tx.Bucket(bucketByTime), timeMainKey); err != nil {
				return err
			}
			return mergeTail(tx.Bucket(bucketURLs), urlMainKey)
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range [][]byte{bucketByTime, bucketURLs} {
			if got, want := bucketContents(t, db, name), bucketContents(t, direct, name); !maps.EqualFunc(got, want, bytes.Equal) {
				t.Errorf("merged in full, %s has %d keys; filed in place, %d (or values differ)", name, len(got), len(want))
			}
			if inTail, _, seq := tailLayout(t, db, name); inTail != 0 || seq != 0 {
				t.Errorf("a full merge left %d keys in %s's tail and sequence %d", inTail, name, seq)
			}
		}
	}
}

// TestURLTailIsLookedUp: a URL whose entry waits in the tail is found by
// a later commit (the same link from another source joins its story) and
// by ItemsByLink, and a story removed takes its entry out of the tail.
func TestURLTailIsLookedUp(t *testing.T) {
	db := ingestTails(t, 1<<62)
	link := "https://example.org/a3"
	items, err := db.ItemsByLink(context.Background(), link)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Fatalf("ItemsByLink(%s) found %d items with the URL in the tail, want 1", link, len(items))
	}
	repost := item("https://d.example/feed", "a3", -3*60) // another source, the same link
	if st := commit(t, db, result("https://d.example/feed", repost)); st.Merged != 1 {
		t.Errorf("the same link from another source: %+v, want it merged into the story the tail files it under", st)
	}
	if items, _ = db.ItemsByLink(context.Background(), link); len(items) != 2 {
		t.Errorf("ItemsByLink found %d items after the repost, want 2", len(items))
	}
}

// TestPruneReachesTheTimeTail: stories waiting in the time index's tail
// are pruned as if they were in the index, and the prune leaves the tail
// merged.
func TestPruneReachesTheTimeTail(t *testing.T) {
	db := ingestTails(t, 1<<62)
	// Each feed now lists its 5 newest items, which no prune removes.
	for _, src := range tailSources {
		poll(t, db, src, tailItems(src, 5)...)
	}
	before := countItems(t, db)
	// The items are 0 to 39 hours old: the 20 of each feed at least 20
	// hours old are older than the cut.
	st, err := db.Prune(context.Background(), aggregator.PruneOptions{Before: t0.Add(-19*time.Hour - 30*time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if want := 3 * 20; st.Stories != want || st.Items != want {
		t.Errorf("pruned %d stories and %d items, want the %d older than the cut", st.Stories, st.Items, want)
	}
	if got := countItems(t, db); got != before-st.Items {
		t.Errorf("%d items after pruning %d of %d", got, st.Items, before)
	}
	if inTail, _, seq := tailLayout(t, db, bucketByTime); inTail != 0 || seq != 0 {
		t.Errorf("after the prune the time index's tail holds %d keys (sequence %d), want it merged", inTail, seq)
	}
}

// TestEntriesLeaveEitherPlace: removing a story's time entry or a URL
// takes it out of the tail as well as the index, whichever holds it.
func TestEntriesLeaveEitherPlace(t *testing.T) {
	defer func(from int64) { freshFrom = from }(freshFrom)
	db := openTest(t, Options{})
	for _, from := range []int64{0, 1 << 62} { // tails, then the indexes
		freshFrom = from
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			w := newWriter(tx, db)
			id, err := w.NewStory(7)
			if err != nil {
				return err
			}
			if err := w.FileURL("example.org/x", id); err != nil {
				return err
			}
			if _, ok, _ := w.StoryByURL("example.org/x"); !ok || !timeFiled(w.byTime, 7, id) {
				t.Errorf("freshFrom %d: the story's entries are not found where they were filed (url %v, time %v, size %d)", from, ok, timeFiled(w.byTime, 7, id), tx.Size())
			}
			if err := w.UnfileURL("example.org/x"); err != nil {
				return err
			}
			if err := w.DeleteStory(id, 7); err != nil {
				return err
			}
			for _, b := range []*bolt.Bucket{w.byTime, w.urls} {
				if k, _ := b.Cursor().First(); k != nil {
					t.Errorf("freshFrom %d: %x is left after the story was removed", from, k)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
