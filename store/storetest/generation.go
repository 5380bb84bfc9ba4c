package storetest

import (
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// The generation tells a publisher whether anything an output shows may
// have changed: it must grow on every such change, or a publish is
// skipped wrongly, and only then, or every run publishes again.
var generationBehaviours = []behaviour{
	{"CommitGrowsItOnlyWhenADocumentWasParsed", generationCommit},
	{"MaintenanceGrowsItOnlyWhenItChangesSomething", generationMaintenance},
}

func generationCommit(t *testing.T, o opener) {
	h := o.start(t, Options{})
	g := h.generation()
	step := func(what string, grows bool, do func()) {
		t.Helper()
		do()
		switch got := h.generation(); {
		case grows && got <= g:
			t.Errorf("%s: generation %d → %d, want it to grow", what, g, got)
		case !grows && got != g:
			t.Errorf("%s: generation %d → %d, want it unchanged", what, g, got)
		}
		g = h.generation()
	}
	step("a parsed document", true, func() { h.poll(srcA, item(srcA, "a1", 1)) })
	step("a 304", false, func() { h.notModified(srcA) })
	step("a failed poll", false, func() {
		h.commit(&aggregator.SourceResult{State: aggregator.SourceState{URL: srcB, LastError: "connection refused", ConsecutiveFailures: 1}, Failed: true})
	})
	step("a batch of 304s", false, func() {
		h.commit(&aggregator.SourceResult{State: aggregator.SourceState{URL: srcA, LastStatus: 304}},
			&aggregator.SourceResult{State: aggregator.SourceState{URL: srcC, LastStatus: 304}})
	})
	// A parsed document can change the feed's own title, which outputs
	// show, even when every item is as stored.
	step("a parsed document with nothing new", true, func() { h.poll(srcA, item(srcA, "a1", 1)) })
	step("a 304 and a parsed document in one batch", true, func() {
		h.commit(&aggregator.SourceResult{State: aggregator.SourceState{URL: srcA, LastStatus: 304}}, result(srcB, item(srcB, "b1", 2)))
	})
}

func generationMaintenance(t *testing.T, o opener) {
	h := o.start(t, Options{})
	const key = aggregator.TopicKey(3)
	h.poll(srcA, daysAgo(srcA, "a1", 10), daysAgo(srcA, "a2", 20))
	h.poll(srcA) // no longer listed
	g := h.generation()
	step := func(what string, grows bool, do func()) {
		t.Helper()
		do()
		switch got := h.generation(); {
		case grows && got <= g:
			t.Errorf("%s: generation %d → %d, want it to grow", what, g, got)
		case !grows && got != g:
			t.Errorf("%s: generation %d → %d, want it unchanged", what, g, got)
		}
		g = h.generation()
	}
	step("BuildTopic", true, func() { h.build(key, func(*aggregator.Item) bool { return true }) })
	step("DropTopics keeping every topic", false, func() {
		if err := h.s.DropTopics(h.ctx, []aggregator.TopicKey{key}); err != nil {
			t.Fatal(err)
		}
	})
	step("DropTopics dropping one", true, func() {
		if err := h.s.DropTopics(h.ctx, nil); err != nil {
			t.Fatal(err)
		}
	})
	step("a prune with nothing due", false, func() { h.prune(aggregator.PruneOptions{Before: t0.Add(-30 * 24 * time.Hour)}) })
	step("a prune that removes a story", true, func() { h.prune(aggregator.PruneOptions{Before: t0.Add(-15 * 24 * time.Hour)}) })
	step("MoveSource", true, func() {
		if err := h.s.MoveSource(h.ctx, srcA, srcB, h.state(srcA)); err != nil {
			t.Fatal(err)
		}
	})
}
