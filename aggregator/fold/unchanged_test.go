package fold

import (
	"slices"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

// known is it carried by identity only, as the refresher sends an item
// unchanged since the last document: no content, hash or topics. Its
// completion is full (with topics) and counted in *completed.
func known(it aggregator.Item, topics []aggregator.TopicKey, completed *int) aggregator.Incoming {
	id := aggregator.Item{SourceURL: it.SourceURL, GUID: it.GUID, Link: it.Link, CanonicalURL: it.CanonicalURL, Title: it.Title, Published: it.Published}
	return aggregator.KnownIncoming(id, func() (aggregator.Item, []aggregator.TopicKey) {
		*completed++
		return it, topics
	})
}

func TestKnownItemLeftAsStored(t *testing.T) {
	e := newEnv(t)
	a1 := article(srcA, "g1", "https://a.example/1", "One")
	a2 := article(srcA, "g2", "https://a.example/2", "Two")
	e.pollIn(srcA, []aggregator.Incoming{{Item: a1, Topics: []aggregator.TopicKey{7}}, {Item: a2}})
	before := e.stored(srcA, guidOf(a1))
	reads, writes := e.tx.reads, e.tx.writes

	completed := 0
	a2.Title, a2.Hash = "Two, edited", 2
	st := e.pollIn(srcA, []aggregator.Incoming{known(a1, []aggregator.TopicKey{7}, &completed), {Item: a2}})
	wantStats(t, "known item and an edited one", st, aggregator.CommitStats{Sources: 1, Updated: 1})
	if completed != 0 {
		t.Errorf("a known item that is stored was normalised in full %d times", completed)
	}
	if got := e.tx.writes - writes; got != 1 {
		t.Errorf("%d items written, want 1 (only the edited one)", got)
	}
	if got := e.tx.reads - reads; got != 1 {
		t.Errorf("%d item records read, want 1 (only the edited one's)", got)
	}
	if after := e.stored(srcA, guidOf(a1)); !equalRecords(after, before) {
		t.Errorf("known item's record changed:\n got %+v\nwant %+v", after, before)
	}
	id1, _ := e.storyOf(srcA, guidOf(a1))
	id2, _ := e.storyOf(srcA, guidOf(a2))
	if cur := e.tx.current[aggregator.SourceIDOf(srcA)]; !slices.Equal(cur, []StoryID{min(id1, id2), max(id1, id2)}) {
		t.Errorf("current document lists %v, want both stories %d and %d", cur, id1, id2)
	}
}

// A known item that is not stored under its identity (pruned since, or
// stored under another link) is normalised in full and stored as such.
func TestKnownItemNotFoundIsCompleted(t *testing.T) {
	t.Run("not stored", func(t *testing.T) {
		e := newEnv(t)
		a1 := article(srcA, "g1", "https://a.example/1", "One")
		completed := 0
		st := e.pollIn(srcA, []aggregator.Incoming{known(a1, []aggregator.TopicKey{7}, &completed)})
		wantStats(t, "known item not stored", st, aggregator.CommitStats{Sources: 1, New: 1})
		if completed != 1 {
			t.Errorf("completed %d times, want 1", completed)
		}
		rec := e.stored(srcA, guidOf(a1))
		if rec.Item.Hash != 1 || !slices.Equal(rec.Topics, []aggregator.TopicKey{7}) || rec.Item.Identity != guidOf(a1) {
			t.Errorf("stored %+v, want the full item with its topics and identity", rec)
		}
	})
	t.Run("stored under another link", func(t *testing.T) {
		e := newEnv(t)
		a1 := article(srcA, "g1", "https://a.example/1", "One")
		e.poll(srcA, a1)
		moved := a1
		moved.Link, moved.CanonicalURL, moved.Hash = "https://a.example/one", "https://a.example/one", 2
		completed := 0
		st := e.pollIn(srcA, []aggregator.Incoming{known(moved, nil, &completed)})
		wantStats(t, "known item with a new link", st, aggregator.CommitStats{Sources: 1, Updated: 1})
		if completed != 1 || e.stored(srcA, guidOf(a1)).Item.Link != moved.Link {
			t.Errorf("completed %d times, stored link %q; want 1, %q", completed, e.stored(srcA, guidOf(a1)).Item.Link, moved.Link)
		}
	})
}

// In a source identified by links, two items that share a link are
// identified by a hash of their content, which a known item lacks: it is
// completed before it is identified.
func TestKnownItemHashIdentified(t *testing.T) {
	e := newEnv(t)
	e.tx.states[srcA] = aggregator.SourceState{URL: srcA, Identity: aggregator.IdentityLink, IdentityReason: "test"}
	a1 := article(srcA, "", "https://a.example/show", "Episode 1")
	a2 := article(srcA, "", "https://a.example/show", "Episode 2")
	a1.Content, a2.Content = "first", "second"
	e.poll(srcA, a1, a2)
	full := []aggregator.Item{a1, a2}
	aggregator.IdentifyAs(full, aggregator.IdentityLink)

	completed := 0
	st := e.pollIn(srcA, []aggregator.Incoming{known(a1, nil, &completed), {Item: a2}})
	wantStats(t, "known item identified by hash", st, aggregator.CommitStats{Sources: 1})
	if completed != 1 {
		t.Errorf("completed %d times, want 1", completed)
	}
	if rec := e.stored(srcA, full[0].Identity); rec.Item.Content != "first" {
		t.Errorf("item under %s holds %q, want the first episode", full[0].Identity, rec.Item.Content)
	}
}

func equalRecords(a, b ItemRecord) bool {
	return a.Item.Hash == b.Item.Hash && a.Item.Title == b.Item.Title && a.Story == b.Story &&
		slices.Equal(a.Topics, b.Topics) && slices.Equal(a.Near, b.Near)
}

// Known items judged against another state than the one stored (a
// refresher sharing the store polled the source meanwhile) are all
// normalised in full: the item they were judged by may have changed since.
func TestKnownItemsJudgedAgainstAnotherState(t *testing.T) {
	e := newEnv(t)
	a1 := article(srcA, "g1", "https://a.example/1", "One")
	seen := aggregator.SourceState{URL: srcA, Generation: 3, Digests: aggregator.Digests{1, 2}}
	stored := aggregator.SourceState{URL: srcA, Generation: 3, Digests: aggregator.Digests{1, 5}}
	for _, tc := range []struct {
		name      string
		basis     uint64
		completed int
	}{
		{"same state", stored.ReuseBasis(), 0},
		{"another state", seen.ReuseBasis(), 1},
		{"no state", 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.poll(srcA, a1)
			e.tx.states[srcA] = stored
			completed := 0
			_, err := e.source(&aggregator.SourceResult{State: stored, Parsed: true, Basis: tc.basis,
				Items: []aggregator.Incoming{known(a1, nil, &completed)}})
			if err != nil {
				t.Fatal(err)
			}
			if completed != tc.completed {
				t.Errorf("completed %d items, want %d", completed, tc.completed)
			}
		})
	}
}
