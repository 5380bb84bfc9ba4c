package pgstore

import (
	"context"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

func TestGenerationCountsChangesOutputsCouldShow(t *testing.T) {
	db := openTest(t, Options{})
	ctx := context.Background()
	gen := func() uint64 {
		t.Helper()
		g, err := db.Generation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	last := gen()
	step := func(what string, grows bool, do func()) {
		t.Helper()
		do()
		g := gen()
		if grows && g <= last || !grows && g != last {
			t.Errorf("%s: generation %d → %d, want it to grow: %v", what, last, g, grows)
		}
		last = g
	}
	step("a parsed document", true, func() { poll(t, db, srcA, item(srcA, "a1", 1)) })
	step("a 304", false, func() {
		commit(t, db, &aggregator.SourceResult{State: aggregator.SourceState{URL: srcA}})
	})
	step("a topic built", true, func() {
		db.BuildTopic(ctx, 5, func(*aggregator.Item) bool { return true })
	})
	step("nothing to drop", false, func() { db.DropTopics(ctx, []aggregator.TopicKey{5}) })
	step("a topic dropped", true, func() { db.DropTopics(ctx, nil) })
	step("a prune that removes", true, func() {
		poll(t, db, srcA)
		db.Prune(ctx, aggregator.PruneOptions{Before: t0.Add(time.Hour)})
	})
}
