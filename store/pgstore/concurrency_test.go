package pgstore

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/store/pgstore/pgtest"
)

// storyMembers returns the number of items of each stored story.
func storyMembers(t *testing.T, db *DB) []int {
	t.Helper()
	var out []int
	err := db.EachStory(context.Background(), func(items []aggregator.Item) error {
		out = append(out, len(items))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Two refreshers, each with a DB of its own, commit at the same moment two
// sources that carry the same stories (the same canonical URLs): each
// story must end as one, with both items, however the transactions
// interleave. Many stories per commit make the transactions overlap.
func TestConcurrentCommitsOfOneStoryEndAsOne(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	workers := []*DB{openDSN(t, dsn, Options{}), openDSN(t, dsn, Options{})}
	for round := range 5 {
		var a, b []aggregator.Item
		for i := range 40 {
			id := fmt.Sprintf("r%d-%d", round, i)
			ia, ib := item(srcA, "a"+id, i), item(srcB, "b"+id, i+1)
			ib.CanonicalURL = ia.CanonicalURL
			a, b = append(a, ia), append(b, ib)
		}
		results := []*aggregator.SourceResult{result(srcA, a...), result(srcB, b...)}
		stats := make([]aggregator.CommitStats, 2)
		errs := make([]error, 2)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, db := range workers {
			wg.Go(func() {
				<-start
				stats[i], errs[i] = db.Commit(context.Background(), results[i:i+1])
			})
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		stats[0].Add(stats[1])
		if stats[0].New != 80 || stats[0].Merged != 40 {
			t.Errorf("round %d: stats %+v, want 80 new of which 40 merged", round, stats[0])
		}
	}
	members := storyMembers(t, workers[0])
	if len(members) != 200 {
		t.Fatalf("%d stories, want 200", len(members))
	}
	for i, n := range members {
		if n != 2 {
			t.Fatalf("story %d has %d items, want 2", i, n)
		}
	}
	all := selectAll(t, workers[1], aggregator.Selection{Sources: []string{srcA, srcB}})
	for _, e := range all {
		if len(e.Via) != 1 {
			t.Fatalf("entry %q credits %d other sources, want 1", e.Item.Title, len(e.Via))
		}
	}
}

// The same with near-duplicates: two sources' copies of one wire story,
// committed at once, join.
func TestConcurrentNearDuplicatesJoin(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	opts := Options{NearDup: aggregator.NearDup{}}
	workers := []*DB{openDSN(t, dsn, opts), openDSN(t, dsn, opts)}
	wireA := nearItem(srcA, "a1", "https://abc.example/wirestory/nepal-plane-crash-98765", "Plane carrying 72 people crashes in Nepal", wireLede, 0)
	wireB := nearItem(srcB, "b1", "https://nbc.example/news/world/nepal-crash-n12345", "Nepal plane crash: at least 70 dead as search goes on", wireLedeUpdated, 90)
	results := []*aggregator.SourceResult{result(srcA, wireA), result(srcB, wireB)}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, db := range workers {
		wg.Go(func() { _, errs[i] = db.Commit(context.Background(), results[i:i+1]) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if members := storyMembers(t, workers[0]); len(members) != 1 || members[0] != 2 {
		t.Errorf("stories of %v items, want one story of 2", members)
	}
}

// Readers never wait for a writer: while a transaction holds locks on the
// rows a commit writes, every read still answers at once.
func TestReadersDoNotWaitForAWriter(t *testing.T) {
	db := openTest(t, Options{})
	commit(t, db, result(srcA, item(srcA, "a1", 1), item(srcA, "a2", 2)))
	if _, err := db.BuildTopic(context.Background(), 7, func(*aggregator.Item) bool { return true }); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	for _, q := range []string{
		`UPDATE sources SET state = state`, `UPDATE items SET rec = rec`, `UPDATE stories SET rec = rec`,
		`UPDATE generation SET n = n + 1`, `DELETE FROM topics`, `DELETE FROM bysource`,
	} {
		if _, err := tx.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if es, err := db.Select(rctx, aggregator.Selection{Sources: []string{srcA}}); err != nil || len(es) != 2 {
		t.Errorf("Select during a write: %d entries, %v", len(es), err)
	}
	if es, err := db.Select(rctx, aggregator.Selection{Sources: []string{srcA}, Topic: 7}); err != nil || len(es) != 2 {
		t.Errorf("Select of a topic during a write: %d entries, %v", len(es), err)
	}
	if _, err := db.SourceStates(rctx); err != nil {
		t.Errorf("SourceStates during a write: %v", err)
	}
	if _, err := db.Generation(rctx); err != nil {
		t.Errorf("Generation during a write: %v", err)
	}
	if err := db.EachItem(rctx, func(*aggregator.Item) error { return nil }); err != nil {
		t.Errorf("EachItem during a write: %v", err)
	}
	if n, built, err := db.TopicSize(rctx, 7); err != nil || n != 2 || !built {
		t.Errorf("TopicSize during a write = %d, %v, %v", n, built, err)
	}
	if _, err := db.ItemsByLink(rctx, "https://example.org/a1"); err != nil {
		t.Errorf("ItemsByLink during a write: %v", err)
	}
}
