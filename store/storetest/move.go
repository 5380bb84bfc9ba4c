package storetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

var moveBehaviours = []behaviour{
	{"CarriesItemsAndState", moveCarries},
	{"RefusedOntoASourceWithItems", moveRefused},
	{"OntoASourceWithOnlyAState", moveOntoState},
	{"KeepsTheLastDocumentFromPrune", moveKeepsCurrent},
}

func entryKeys(es []aggregator.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID+" "+e.Item.Title)
	}
	return out
}

func moveCarries(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.poll(srcA, item(srcA, "a1", 1), item(srcA, "a2", 2))
	h.poll(srcB, item(srcB, "b1", 3))
	before := h.of(srcA, srcB)

	st := h.state(srcA)
	st.MovedFrom = srcA
	if err := h.s.MoveSource(h.ctx, srcA, srcC, st); err != nil {
		t.Fatal(err)
	}
	after := h.of(srcC, srcB)
	if !slices.Equal(entryKeys(after), entryKeys(before)) {
		t.Errorf("after the move %q, before %q: same stories, same ids", entryKeys(after), entryKeys(before))
	}
	for _, e := range after {
		if e.Item.GUID != "b1" && (e.Source.URL != srcC || e.Item.SourceURL != srcC) {
			t.Errorf("%q is from %s (item says %s), want the new URL", e.Item.Title, e.Source.URL, e.Item.SourceURL)
		}
	}
	if got := h.of(srcA); len(got) != 0 {
		t.Errorf("the old URL still selects %q", titles(got))
	}
	states := h.states()
	if _, ok := states[srcA]; ok {
		t.Errorf("the old URL's state is still stored")
	}
	if c := states[srcC]; c.URL != srcC || c.MovedFrom != srcA || c.ItemsStored != 2 {
		t.Errorf("state of the new URL: URL %s, moved from %q, %d stored; want %s, %s, 2", c.URL, c.MovedFrom, c.ItemsStored, srcC, srcA)
	}
	for _, it := range h.items() {
		if it.GUID != "b1" && it.SourceURL != srcC {
			t.Errorf("EachItem: %s is from %s, want %s", it.GUID, it.SourceURL, srcC)
		}
	}
	if items := h.byLink("https://example.org/a1"); len(items) != 1 || items[0].SourceURL != srcC {
		t.Errorf("ItemsByLink after the move = %+v, want a1 from %s", items, srcC)
	}
	// Polling the new URL finds the items it has: nothing new.
	if st := h.poll(srcC, item(srcC, "a1", 1), item(srcC, "a2", 2)); st.New != 0 || st.Updated != 0 {
		t.Errorf("the new URL's first poll: %+v, want nothing new", st)
	}
}

func moveRefused(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.poll(srcA, item(srcA, "a1", 1))
	h.poll(srcB, item(srcB, "b1", 2))
	before, g := h.of(srcA, srcB), h.generation()
	err := h.s.MoveSource(h.ctx, srcA, srcB, h.state(srcA))
	if !errors.Is(err, aggregator.ErrMoveTarget) {
		t.Fatalf("move onto a source with items: %v, want ErrMoveTarget", err)
	}
	if after := h.of(srcA, srcB); !slices.Equal(entryKeys(after), entryKeys(before)) || after[1].Source.URL != srcA {
		t.Errorf("after a refused move %q, before %q: want nothing changed", entryKeys(after), entryKeys(before))
	}
	if states := h.states(); states[srcA].ItemsStored != 1 || states[srcB].ItemsStored != 1 {
		t.Errorf("states after a refused move: %+v", states)
	}
	if got := h.generation(); got != g {
		t.Errorf("generation %d → %d after a refused move", g, got)
	}
}

// moveOntoState: a target the store knows only by its state (polled, but
// never with items) is no history to join: the move goes ahead.
func moveOntoState(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.poll(srcA, item(srcA, "a1", 1))
	h.notModified(srcC)
	if err := h.s.MoveSource(h.ctx, srcA, srcC, h.state(srcA)); err != nil {
		t.Fatalf("move onto a source without items: %v", err)
	}
	if es := h.of(srcC); len(es) != 1 || es[0].Source.URL != srcC {
		t.Errorf("new URL selects %+v, want a1", es)
	}
}

// moveKeepsCurrent: the stories of the source's last document go with it,
// so a prune still keeps them.
func moveKeepsCurrent(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.poll(srcA, daysAgo(srcA, "a1", 30), daysAgo(srcA, "a2", 31))
	if err := h.s.MoveSource(h.ctx, srcA, srcC, h.state(srcA)); err != nil {
		t.Fatal(err)
	}
	if st := h.prune(aggregator.PruneOptions{Before: t0}); st != (aggregator.PruneStats{}) {
		t.Errorf("prune after the move removed %+v, want nothing: the new URL's last document lists both", st)
	}
	if n := len(h.of(srcC)); n != 2 {
		t.Errorf("%d entries of the new URL, want 2", n)
	}
}
