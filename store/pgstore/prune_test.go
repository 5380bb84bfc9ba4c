package pgstore

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
)

func daysAgo(src, id string, days int) aggregator.Item {
	it := raw(src, id, "https://"+id+".example/story", "Story "+id+" about the harbour works", -days*24*60)
	it.Summary = fmt.Sprintf("Story %s: the harbour works continue with a new phase of dredging, the council said on the day of the report number %d.", id, days)
	it.Sig = fingerprint.Of(it.Title, it.Summary)
	return it
}

func TestPruneRetentionWithPerSourceMinimum(t *testing.T) {
	db := openTest(t, Options{NearDup: aggregator.NearDup{}})
	const topic = aggregator.TopicKey(9)
	var busy []aggregator.Item
	for i := range 10 {
		busy = append(busy, daysAgo(srcA, fmt.Sprintf("a%d", i), i))
	}
	r := result(srcA, busy...)
	for i := range r.Items {
		r.Items[i].Topics = []aggregator.TopicKey{topic}
	}
	commit(t, db, r)
	// The busy feed now lists only its two newest items; the quiet one
	// had three old items and now lists none.
	poll(t, db, srcA, busy[0], busy[1])
	poll(t, db, srcB, daysAgo(srcB, "b20", 20), daysAgo(srcB, "b21", 21), daysAgo(srcB, "b22", 22))
	poll(t, db, srcB)
	// One old story carried by both: a copy of a7 under the same URL.
	copyA7 := busy[7]
	copyA7.SourceURL, copyA7.GUID = srcB, "b-copy"
	poll(t, db, srcB, copyA7)
	poll(t, db, srcB)

	st, err := db.Prune(context.Background(), aggregator.PruneOptions{Before: t0.Add(-108 * time.Hour), KeepMin: 3, Batch: 2})
	if err != nil {
		t.Fatal(err)
	}
	// a5..a9 are older than 4.5 days, but a7 is also among B's newest
	// three stories (a7's copy, b20, b21), so it stays, credited to both;
	// b22 goes.
	if st.Stories != 5 || st.Items != 5 {
		t.Errorf("pruned %+v, want 5 stories and 5 items", st)
	}
	title := func(id string) string { return "Story " + id + " about the harbour works" }
	wantA := []string{title("a0"), title("a1"), title("a2"), title("a3"), title("a4"), title("a7")}
	if got := titles(selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})); !slices.Equal(got, wantA) {
		t.Errorf("A keeps %q, want %q", got, wantA)
	}
	wantB := []string{title("a7"), title("b20"), title("b21")}
	if got := titles(selectAll(t, db, aggregator.Selection{Sources: []string{srcB}})); !slices.Equal(got, wantB) {
		t.Errorf("B keeps %q, want its newest 3 whatever their age: %q", got, wantB)
	}
	// a0 and a1 left the topic when re-polled without it.
	wantTopic := []string{title("a2"), title("a3"), title("a4"), title("a7")}
	if got := titles(selectAll(t, db, aggregator.Selection{Sources: []string{srcA}, Topic: topic})); !slices.Equal(got, wantTopic) {
		t.Errorf("topic keeps %q, want %q", got, wantTopic)
	}
	if a, b := state(t, db, srcA).ItemsStored, state(t, db, srcB).ItemsStored; a != 6 || b != 3 {
		t.Errorf("ItemsStored A=%d B=%d, want 6 and 3", a, b)
	}

	// Without a minimum, B's old stories go; the items A's feed still
	// lists stay even when old.
	st, err = db.Prune(context.Background(), aggregator.PruneOptions{Before: t0.Add(time.Hour), KeepMin: 0})
	if err != nil {
		t.Fatal(err)
	}
	if st.Stories != 6 || st.Items != 7 {
		t.Errorf("second prune removed %+v, want 6 stories (a2..a4, a7, b20, b21) and 7 items", st)
	}
	if got := titles(selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}})); !slices.Equal(got, wantA[:2]) {
		t.Errorf("left %q, want the two items A's feed still lists", got)
	}
	// Seen again, they are not new.
	if s := poll(t, db, srcA, busy[0], busy[1]); s.New != 0 {
		t.Errorf("re-poll after prune stored %d new items", s.New)
	}
}

func TestPruneZeroRetentionKeepsEverything(t *testing.T) {
	db := openTest(t, Options{})
	poll(t, db, srcA, daysAgo(srcA, "a1", 400))
	poll(t, db, srcA)
	st, err := db.Prune(context.Background(), aggregator.PruneOptions{})
	if err != nil || st.Stories != 0 {
		t.Fatalf("Prune with no cut = %+v, %v; want nothing removed", st, err)
	}
}

func TestPruneManyBatches(t *testing.T) {
	db := openTest(t, Options{NearDup: aggregator.NearDup{}})
	var items []aggregator.Item
	for i := range 500 {
		items = append(items, daysAgo(srcA, fmt.Sprintf("n%d", i), 10+i%50))
	}
	poll(t, db, srcA, items...)
	poll(t, db, srcA)
	st, err := db.Prune(context.Background(), aggregator.PruneOptions{Before: t0, KeepMin: 7, Batch: 16})
	if err != nil {
		t.Fatal(err)
	}
	if st.Stories != 493 || state(t, db, srcA).ItemsStored != 7 {
		t.Errorf("pruned %d, stored %d; want 493 and 7", st.Stories, state(t, db, srcA).ItemsStored)
	}
}
