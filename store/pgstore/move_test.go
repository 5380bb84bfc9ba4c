package pgstore

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

func TestMoveSource(t *testing.T) {
	db := openTest(t, Options{})
	const srcC = "https://c.example/feed"
	poll(t, db, srcA, item(srcA, "a1", 1), item(srcA, "a2", 2))
	poll(t, db, srcB, item(srcB, "b1", 3))
	before := selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}})

	st := state(t, db, srcA)
	st.MovedFrom = srcA
	if err := db.MoveSource(context.Background(), srcA, srcC, st); err != nil {
		t.Fatal(err)
	}
	checkDB(t, db)
	after := selectAll(t, db, aggregator.Selection{Sources: []string{srcC, srcB}})
	ids := func(es []aggregator.Entry) (out []string) {
		for _, e := range es {
			out = append(out, e.ID+" "+e.Item.Title)
		}
		return out
	}
	if !slices.Equal(ids(after), ids(before)) {
		t.Errorf("after the move %q, before %q", ids(after), ids(before))
	}
	if got := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}}); len(got) != 0 {
		t.Errorf("the old URL still selects %d entries", len(got))
	}
	states, _ := db.SourceStates(context.Background())
	if _, ok := states[srcA]; ok || states[srcC].MovedFrom != srcA {
		t.Errorf("states after the move: %+v", states)
	}
	// Polling the new URL finds the items it has: nothing new.
	if st := poll(t, db, srcC, item(srcC, "a1", 1), item(srcC, "a2", 2)); st.New != 0 {
		t.Errorf("the new URL's first poll stored %d new items", st.New)
	}
	// A target that already has items is refused.
	if err := db.MoveSource(context.Background(), srcB, srcC, state(t, db, srcB)); !errors.Is(err, aggregator.ErrMoveTarget) {
		t.Errorf("move onto a source with items: %v, want ErrMoveTarget", err)
	}
}

// A new URL that was polled before the move, but gave no items, is no
// obstacle: its empty current document gives way to the moved one.
func TestMoveOntoAURLWithoutItems(t *testing.T) {
	db := openTest(t, Options{})
	const srcC = "https://c.example/feed"
	poll(t, db, srcA, item(srcA, "a1", 1))
	poll(t, db, srcC)
	if err := db.MoveSource(context.Background(), srcA, srcC, state(t, db, srcA)); err != nil {
		t.Fatal(err)
	}
	if got := titles(selectAll(t, db, aggregator.Selection{Sources: []string{srcC}})); !slices.Equal(got, []string{"Title a1"}) {
		t.Errorf("after the move the new URL selects %q", got)
	}
	// The current document moved too: a prune keeps what the feed lists.
	if st, err := db.Prune(context.Background(), aggregator.PruneOptions{Before: t0.Add(time.Hour)}); err != nil || st.Stories != 0 {
		t.Errorf("prune after the move = %+v, %v; want the listed story kept", st, err)
	}
}
