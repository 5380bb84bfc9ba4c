package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

var pruneBehaviours = []behaviour{
	{"RetentionWithPerSourceMinimum", pruneRetention},
	{"NothingDueRemovesNothing", pruneNothingDue},
	{"ManyBatches", pruneManyBatches},
	{"RemovesEveryTrace", pruneRemovesEveryTrace},
}

func harbour(id string) string { return "Story " + id + " about the harbour works" }

func pruneRetention(t *testing.T, o opener) {
	h := o.start(t, Options{NearDup: true})
	const topic = aggregator.TopicKey(9)
	var busy []aggregator.Item
	for i := range 10 {
		busy = append(busy, daysAgo(srcA, fmt.Sprintf("a%d", i), i))
	}
	h.commit(withTopics(result(srcA, busy...), topic))
	// The busy feed now lists only its two newest items; the quiet one
	// had three old items and now lists none.
	h.poll(srcA, busy[0], busy[1])
	h.poll(srcB, daysAgo(srcB, "b20", 20), daysAgo(srcB, "b21", 21), daysAgo(srcB, "b22", 22))
	h.poll(srcB)
	// One old story carried by both: a copy of a7 under the same URL.
	copyA7 := busy[7]
	copyA7.SourceURL, copyA7.GUID = srcB, "b-copy"
	h.poll(srcB, copyA7)
	h.poll(srcB)

	st := h.prune(aggregator.PruneOptions{Before: t0.Add(-108 * time.Hour), KeepMin: 3, Batch: 2})
	// a5..a9 are older than 4.5 days, but a7 is also among B's newest
	// three stories (a7's copy, b20, b21), so it stays, credited to both;
	// b22 goes.
	if st != (aggregator.PruneStats{Stories: 5, Items: 5}) {
		t.Errorf("pruned %+v, want 5 stories and 5 items (a5, a6, a8, a9, b22)", st)
	}
	wantA := []string{harbour("a0"), harbour("a1"), harbour("a2"), harbour("a3"), harbour("a4"), harbour("a7")}
	if got := titles(h.of(srcA)); !slices.Equal(got, wantA) {
		t.Errorf("A keeps %q, want %q", got, wantA)
	}
	wantB := []string{harbour("a7"), harbour("b20"), harbour("b21")}
	if got := titles(h.of(srcB)); !slices.Equal(got, wantB) {
		t.Errorf("B keeps %q, want its newest 3 whatever their age: %q", got, wantB)
	}
	// a0 and a1 left the topic when re-polled without it.
	wantTopic := []string{harbour("a2"), harbour("a3"), harbour("a4"), harbour("a7")}
	if got := h.topicTitles(topic, srcA); !slices.Equal(got, wantTopic) {
		t.Errorf("topic keeps %q, want %q", got, wantTopic)
	}
	if a, b := h.state(srcA).ItemsStored, h.state(srcB).ItemsStored; a != 6 || b != 3 {
		t.Errorf("ItemsStored A=%d B=%d, want 6 and 3", a, b)
	}

	// Without a minimum, B's old stories go; the items A's feed still
	// lists stay even when old.
	st = h.prune(aggregator.PruneOptions{Before: t0.Add(time.Hour), KeepMin: 0})
	if st != (aggregator.PruneStats{Stories: 6, Items: 7}) {
		t.Errorf("second prune removed %+v, want 6 stories (a2..a4, a7, b20, b21) and 7 items", st)
	}
	if got := titles(h.of(srcA, srcB)); !slices.Equal(got, wantA[:2]) {
		t.Errorf("left %q, want the two items A's feed still lists", got)
	}
	if a, b := h.state(srcA).ItemsStored, h.state(srcB).ItemsStored; a != 2 || b != 0 {
		t.Errorf("ItemsStored A=%d B=%d, want 2 and 0", a, b)
	}
	// Seen again, they are not new.
	if s := h.poll(srcA, busy[0], busy[1]); s.New != 0 {
		t.Errorf("re-poll after prune stored %d new items", s.New)
	}
}

func pruneNothingDue(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.poll(srcA, daysAgo(srcA, "a1", 400))
	h.poll(srcA)
	g := h.generation()
	if st := h.prune(aggregator.PruneOptions{}); st != (aggregator.PruneStats{}) {
		t.Errorf("Prune with no cut removed %+v, want nothing", st)
	}
	if st := h.prune(aggregator.PruneOptions{Before: t0.AddDate(-2, 0, 0)}); st != (aggregator.PruneStats{}) {
		t.Errorf("Prune before every story removed %+v, want nothing", st)
	}
	if n := len(h.of(srcA)); n != 1 {
		t.Errorf("%d entries left, want 1", n)
	}
	if got := h.generation(); got != g {
		t.Errorf("generation %d → %d after prunes that removed nothing: want it unchanged", g, got)
	}
}

func pruneManyBatches(t *testing.T, o opener) {
	h := o.start(t, Options{NearDup: true})
	var items []aggregator.Item
	for i := range 200 {
		items = append(items, daysAgo(srcA, fmt.Sprintf("n%d", i), 10+i%50))
	}
	h.poll(srcA, items...)
	h.poll(srcA)
	st := h.prune(aggregator.PruneOptions{Before: t0, KeepMin: 7, Batch: 16})
	if st != (aggregator.PruneStats{Stories: 193, Items: 193}) || h.state(srcA).ItemsStored != 7 {
		t.Errorf("pruned %+v, stored %d; want 193 stories and items, 7 stored", st, h.state(srcA).ItemsStored)
	}
	left := h.of(srcA)
	if len(left) != 7 {
		t.Fatalf("%d entries left, want 7", len(left))
	}
	for _, e := range left {
		if e.Published.Before(t0.AddDate(0, 0, -11)) {
			t.Errorf("kept %q of %v, want only the 7 newest (10 and 11 days old)", e.Item.Title, e.Published)
		}
	}
}

// pruneRemovesEveryTrace: a pruned story leaves nothing behind: no item,
// no topic membership, no canonical URL or near-duplicate entry that a
// new item could join, no identity that would make it an update.
func pruneRemovesEveryTrace(t *testing.T, o opener) {
	h := o.start(t, Options{NearDup: true})
	const topic = aggregator.TopicKey(4)
	a := nearItem(srcA, "a1", "https://abc.example/wirestory/nepal-plane-crash-98765", "Plane carrying 72 people crashes in Nepal", wireLede, 0)
	b := a // B carries A's URL
	b.SourceURL, b.GUID, b.Link = srcB, "b1", "https://www.abc.example/wirestory/nepal-plane-crash-98765?utm_source=b"
	c := nearItem(srcC, "c1", "https://nbc.example/news/world/nepal-crash-n12345", "Nepal plane crash: at least 70 dead as search goes on", wireLedeUpdated, 90)
	st := h.commit(withTopics(result(srcA, a), topic), withTopics(result(srcB, b), topic), withTopics(result(srcC, c), topic))
	if st.Merged != 2 || len(h.of(srcA, srcB, srcC)) != 1 {
		t.Fatalf("stats %+v: want B's copy joined by URL and C's as a near-duplicate, one story", st)
	}
	for _, src := range []string{srcA, srcB, srcC} {
		h.poll(src) // no longer listed
	}
	if st := h.prune(aggregator.PruneOptions{Before: t0.Add(24 * time.Hour)}); st != (aggregator.PruneStats{Stories: 1, Items: 3}) {
		t.Errorf("pruned %+v, want 1 story of 3 items", st)
	}
	if es := h.of(srcA, srcB, srcC); len(es) != 0 {
		t.Errorf("pruned story still selected: %q", titles(es))
	}
	if items, stories := h.items(), h.stories(); len(items) != 0 || len(stories) != 0 {
		t.Errorf("%d items and %d stories left, want none", len(items), len(stories))
	}
	if n, _ := h.topicSize(topic); n != 0 || len(h.topicTitles(topic, srcA, srcB, srcC)) != 0 {
		t.Errorf("topic still holds %d stories", n)
	}
	if items := h.byLink(a.Link); len(items) != 0 {
		t.Errorf("ItemsByLink finds %d pruned items", len(items))
	}
	for _, src := range []string{srcA, srcB, srcC} {
		if n := h.state(src).ItemsStored; n != 0 {
			t.Errorf("%s: ItemsStored = %d, want 0", src, n)
		}
	}
	// Seen again, A's item is new, in a story of its own.
	if st := h.poll(srcA, a); st.New != 1 || st.Merged != 0 || st.Updated != 0 {
		t.Errorf("A's item seen again: %+v, want 1 new, in a new story", st)
	}
	if st := h.poll(srcC, c); st.New != 1 || st.Merged != 1 {
		t.Errorf("C's item seen again: %+v, want 1 new joining A's new story", st)
	}
	es := h.of(srcA, srcB, srcC)
	if len(es) != 1 || es[0].Item.SourceURL != srcA || len(es[0].Via) != 1 {
		t.Errorf("entries after the re-poll %+v, want A's story crediting C", es)
	}
}
