package pgstore

import (
	"fmt"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

func TestIdentityFallsBackToLinks(t *testing.T) {
	link := func(n int) string { return fmt.Sprintf("https://a.example/post/%d", n) }
	tests := []struct {
		name       string
		polls      [][]aggregator.Item
		wantReason string // "" when the source keeps GUIDs
		wantItems  int
	}{
		{
			name: "stable GUIDs stay GUIDs",
			polls: [][]aggregator.Item{
				{raw(srcA, "g1", link(1), "One", 1), raw(srcA, "g2", link(2), "Two", 2)},
				{raw(srcA, "g1", link(1), "One", 1), raw(srcA, "g2", link(2), "Two", 2), raw(srcA, "g3", link(3), "Three", 3)},
			},
			wantItems: 3,
		},
		{
			name: "blank GUIDs",
			polls: [][]aggregator.Item{
				{raw(srcA, "", link(1), "One", 1), raw(srcA, "", link(2), "Two", 2)},
				{raw(srcA, "", link(1), "One", 1), raw(srcA, "", link(2), "Two", 2)},
			},
			wantReason: "no guid",
			wantItems:  2,
		},
		{
			name: "one GUID on every item",
			polls: [][]aggregator.Item{
				{raw(srcA, "https://a.example/", link(1), "One", 1), raw(srcA, "https://a.example/", link(2), "Two", 2)},
				{raw(srcA, "https://a.example/", link(1), "One", 1), raw(srcA, "https://a.example/", link(2), "Two", 2), raw(srcA, "https://a.example/", link(3), "Three", 3)},
			},
			wantReason: "several different items",
			wantItems:  3,
		},
		{
			name: "GUIDs that change on every poll",
			polls: [][]aggregator.Item{
				{raw(srcA, "run1-1", link(1), "One", 1), raw(srcA, "run1-2", link(2), "Two", 2)},
				{raw(srcA, "run2-1", link(1), "One", 1), raw(srcA, "run2-2", link(2), "Two", 2)},
				{raw(srcA, "run3-1", link(1), "One", 1), raw(srcA, "run3-2", link(2), "Two", 2), raw(srcA, "run3-3", link(3), "Three", 3)},
			},
			wantReason: "new guids",
			wantItems:  3,
		},
		{
			name: "a GUID reused for a different article",
			polls: [][]aggregator.Item{
				{raw(srcA, "42", link(1), "Council approves budget", 1)},
				{raw(srcA, "42", link(2), "Harbour bridge closes for repairs", 60)},
			},
			wantReason: "reused",
			wantItems:  2,
		},
		{
			name: "a link edited under the same GUID is an update",
			polls: [][]aggregator.Item{
				{raw(srcA, "42", "https://a.example/councl-budget", "Council approves budget", 1)},
				{raw(srcA, "42", "https://a.example/council-budget", "Council approves budget", 1)},
			},
			wantItems: 1,
		},
		{
			name: "an item that gains a GUID",
			polls: [][]aggregator.Item{
				{raw(srcA, "g1", link(1), "One", 1), raw(srcA, "", link(2), "Two", 2)},
				{raw(srcA, "g1", link(1), "One", 1), raw(srcA, "g2", link(2), "Two", 2)},
			},
			wantItems: 2,
		},
		{
			name: "one re-posted link in a stable feed keeps GUIDs",
			polls: [][]aggregator.Item{
				{raw(srcA, "g1", link(1), "One", 1), raw(srcA, "g2", link(2), "Two", 2), raw(srcA, "g3", link(3), "Three", 3)},
				{raw(srcA, "g1", link(1), "One", 1), raw(srcA, "g2", link(2), "Two", 2), raw(srcA, "g9", link(3), "Three again", 90)},
			},
			wantItems: 4, // stored as a second item of the same story: one entry
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t, Options{})
			for _, items := range tt.polls {
				poll(t, db, srcA, items...)
			}
			st := state(t, db, srcA)
			if tt.wantReason == "" {
				if st.Identity != aggregator.IdentityGUID {
					t.Errorf("identity = %q (%s), want GUIDs kept", st.Identity, st.IdentityReason)
				}
			} else if st.Identity != aggregator.IdentityLink || !strings.Contains(st.IdentityReason, tt.wantReason) {
				t.Errorf("identity = %q (%q), want link because of %q", st.Identity, st.IdentityReason, tt.wantReason)
			}
			if st.ItemsStored != tt.wantItems {
				t.Errorf("ItemsStored = %d, want %d", st.ItemsStored, tt.wantItems)
			}
			if n := countItems(t, db); n != tt.wantItems {
				t.Errorf("%d items stored, want %d", n, tt.wantItems)
			}
			entries := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})
			links := map[string]bool{}
			for _, e := range entries {
				if links[e.Item.CanonicalURL] {
					t.Errorf("link %s shown twice", e.Item.CanonicalURL)
				}
				links[e.Item.CanonicalURL] = true
			}
		})
	}
}

func TestIdentitySwitchKeepsIDsAndUpdates(t *testing.T) {
	db := openTest(t, Options{})
	poll(t, db, srcA, raw(srcA, "a", "https://a.example/1", "One", 1), raw(srcA, "b", "https://a.example/2", "Two", 2))
	before := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})

	// New GUIDs for the same links, one title edited: the source goes to
	// links, nothing is new, the edit is an update of the stored item.
	edited := raw(srcA, "x", "https://a.example/1", "One, corrected", 1)
	st := poll(t, db, srcA, edited, raw(srcA, "y", "https://a.example/2", "Two", 2))
	if st.New != 0 || st.Updated != 1 {
		t.Fatalf("stats %+v, want nothing new and the edit as 1 update", st)
	}
	after := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})
	if len(after) != 2 {
		t.Fatalf("%d entries after the switch, want 2", len(after))
	}
	for i := range after {
		if after[i].ID != before[i].ID {
			t.Errorf("entry %d changed id %s → %s", i, before[i].ID, after[i].ID)
		}
	}
	if after[1].Item.Title != "One, corrected" {
		t.Errorf("title = %q, want the edit applied in place", after[1].Item.Title)
	}
}

func TestItemsWithoutLinkOrID(t *testing.T) {
	db := openTest(t, Options{})
	a := raw(srcA, "", "", "Status: all systems normal", 1)
	a.Summary = "Everything works."
	b := raw(srcA, "", "", "Status: all systems normal", 5)
	b.Summary = "Everything still works."
	copyA := a
	st := poll(t, db, srcA, a, b, copyA)
	if st.New != 2 {
		t.Errorf("stats %+v: want the two different items stored and the identical copy once", st)
	}
	st = poll(t, db, srcA, a, b)
	if st.New != 0 || st.Updated != 0 {
		t.Errorf("second poll %+v: want nothing new", st)
	}
	if n := len(selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})); n != 2 {
		t.Errorf("%d entries, want 2", n)
	}
}

func TestURLsThatDoNotParse(t *testing.T) {
	db := openTest(t, Options{})
	bad := []string{"http://exa mple.com/a b", "http://[::1", "javascript:alert(1)", "%zz"}
	var items []aggregator.Item
	for i, l := range bad {
		it := raw(srcA, fmt.Sprintf("g%d", i), l, fmt.Sprintf("Item %d", i), i)
		if it.CanonicalURL != "" {
			t.Fatalf("canon.URL(%q) = %q, want an error", l, it.CanonicalURL)
		}
		items = append(items, it)
	}
	// Another source with the same broken links: no canonical URL, so no
	// merge by URL.
	var others []aggregator.Item
	for i, l := range bad {
		others = append(others, raw(srcB, fmt.Sprintf("g%d", i), l, fmt.Sprintf("Other %d", i), i))
	}
	poll(t, db, srcA, items...)
	poll(t, db, srcB, others...)
	if n := len(selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}})); n != 2*len(bad) {
		t.Errorf("%d entries, want %d: unparsable links neither lost nor merged", n, 2*len(bad))
	}
}
