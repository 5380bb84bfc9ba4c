package pgstore

import (
	"fmt"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

func TestFeedOfTenThousandItems(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 10,000 items")
	}
	db := openTest(t, Options{NearDup: aggregator.NearDup{}})
	items := make([]aggregator.Item, 10000)
	for i := range items {
		items[i] = raw(srcA, fmt.Sprintf("g%d", i), fmt.Sprintf("https://a.example/p/%d", i), fmt.Sprintf("Post number %d", i), -i)
	}
	if st := poll(t, db, srcA, items...); st.New != 10000 {
		t.Fatalf("stored %d new items, want 10000", st.New)
	}
	if st := poll(t, db, srcA, items...); st.New != 0 || st.Updated != 0 {
		t.Fatalf("second poll %+v, want nothing new", st)
	}
	if got := state(t, db, srcA).ItemsStored; got != 10000 {
		t.Errorf("ItemsStored = %d", got)
	}
	newest := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}, Limit: 3})
	if got := titles(newest); len(got) != 3 || got[0] != "Post number 0" || got[2] != "Post number 2" {
		t.Errorf("newest 3 = %q", got)
	}
	if n := countItems(t, db); n != 10000 {
		t.Errorf("%d items stored, want 10000", n)
	}
}

// An item whose date jumps around between polls keeps its place and id:
// its story's position is fixed when first seen; only updated moves.
func TestDatesThatJump(t *testing.T) {
	now := t0.Add(time.Hour)
	db := openTest(t, Options{Now: func() time.Time { return now }})
	other := raw(srcA, "steady", "https://a.example/steady", "Steady", 30)
	first := raw(srcA, "jumpy", "https://a.example/jumpy", "Jumpy", 0)
	poll(t, db, srcA, first, other)
	before := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})
	for i, shift := range []time.Duration{-72 * time.Hour, 48 * time.Hour, -time.Minute, 0} {
		now = now.Add(time.Hour)
		it := first
		it.Published = first.Published.Add(shift)
		it.Hash = hashOf(it.Title, it.Published.String())
		poll(t, db, srcA, it, other)
		after := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})
		if len(after) != 2 {
			t.Fatalf("jump %d: %d entries, want 2", i, len(after))
		}
		if after[1].ID != before[1].ID || !after[1].Published.Equal(before[1].Published) || after[0].ID != before[0].ID {
			t.Errorf("jump %d (%v): order or ids changed: %v → %v", i, shift, titles(before), titles(after))
		}
		if after[1].Updated.Before(before[1].Updated) {
			t.Errorf("jump %d: updated went back to %v", i, after[1].Updated)
		}
	}
	if st := state(t, db, srcA); st.ItemsStored != 2 {
		t.Errorf("ItemsStored = %d, want 2", st.ItemsStored)
	}
}

// Two sources that give one GUID to different articles: identities are
// namespaced by source, so neither is lost or merged.
func TestIdenticalGUIDsAcrossSources(t *testing.T) {
	db := openTest(t, Options{NearDup: aggregator.NearDup{}})
	poll(t, db, srcA, raw(srcA, "1", "https://a.example/one", "Council approves budget", 0))
	poll(t, db, srcB, raw(srcB, "1", "https://b.example/one", "Ferry strike called off", 5))
	poll(t, db, srcA, raw(srcA, "1", "https://a.example/one", "Council approves budget", 0))
	all := selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}})
	if len(all) != 2 || all[0].Item.Title != "Ferry strike called off" || all[1].Item.Title != "Council approves budget" {
		t.Errorf("entries %q, want both articles", titles(all))
	}
	if a, b := state(t, db, srcA), state(t, db, srcB); a.Identity != "" || b.Identity != "" {
		t.Errorf("identity modes %q, %q: a GUID shared across sources is no reason to give up GUIDs", a.Identity, b.Identity)
	}
}
