package storetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

var identityBehaviours = []behaviour{
	{"FallsBackToLinks", identityFallsBackToLinks},
	{"FeedThatStartsGivingGUIDsKeepsItsItems", identityFeedStartsGivingGUIDs},
	{"SwitchIsForGood", identitySwitchIsForGood},
	{"SwitchKeepsIDsAndUpdates", identitySwitchKeepsIDs},
	{"SameGUIDInTwoSources", identitySameGUIDInTwoSources},
	{"ItemsWithoutLinkOrGUID", identityWithoutLinkOrGUID},
}

func postLink(n int) string { return fmt.Sprintf("https://a.example/post/%d", n) }

// identityFallsBackToLinks: a source whose GUIDs prove unusable is
// switched to links, with the reason, before the document that shows it
// is stored, so nothing is stored twice.
func identityFallsBackToLinks(t *testing.T, o opener) {
	link := postLink
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
			h := o.start(t, Options{})
			for _, items := range tt.polls {
				h.poll(srcA, items...)
			}
			st := h.state(srcA)
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
			if n := len(h.items()); n != tt.wantItems {
				t.Errorf("%d items stored, want %d", n, tt.wantItems)
			}
			links := map[string]bool{}
			for _, e := range h.of(srcA) {
				if links[e.Item.CanonicalURL] {
					t.Errorf("link %s shown twice", e.Item.CanonicalURL)
				}
				links[e.Item.CanonicalURL] = true
				if len(e.Via) != 0 {
					t.Errorf("%s credits %+v: a source is never credited on its own story", e.Item.Link, e.Via)
				}
			}
		})
	}
}

// identityFeedStartsGivingGUIDs: a feed switched to links for giving no
// GUIDs that starts giving them finds its items under their links.
func identityFeedStartsGivingGUIDs(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.poll(srcA, raw(srcA, "", postLink(1), "One", 1), raw(srcA, "", postLink(2), "Two", 2))
	st := h.poll(srcA, raw(srcA, "g1", postLink(1), "One", 1), raw(srcA, "g2", postLink(2), "Two", 2))
	if st.New != 0 || st.Updated != 0 {
		t.Errorf("the first poll with GUIDs: %+v, want the two stored items found, nothing new", st)
	}
	st = h.poll(srcA, raw(srcA, "g1", postLink(1), "One", 1), raw(srcA, "g2", postLink(2), "Two", 2), raw(srcA, "g3", postLink(3), "Three", 3))
	if st.New != 1 {
		t.Errorf("a new item: %+v, want 1 new", st)
	}
	if n := len(h.items()); n != 3 || h.state(srcA).ItemsStored != 3 {
		t.Errorf("%d items stored (ItemsStored %d), want 3", n, h.state(srcA).ItemsStored)
	}
}

// identitySwitchIsForGood: once switched to links, a source stays on
// links whatever the caller's copy of its state says.
func identitySwitchIsForGood(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.poll(srcA, raw(srcA, "", postLink(1), "One", 1))
	reason := h.state(srcA).IdentityReason
	// A state built afresh (not carried over) has the default identity.
	h.commit(result(srcA, raw(srcA, "g1", postLink(1), "One", 1)))
	if st := h.state(srcA); st.Identity != aggregator.IdentityLink || st.IdentityReason != reason || reason == "" {
		t.Errorf("identity = %q (%q), want link (%q) kept", st.Identity, st.IdentityReason, reason)
	}
	if n := len(h.items()); n != 1 {
		t.Errorf("%d items stored, want 1", n)
	}
}

func identitySwitchKeepsIDs(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.poll(srcA, raw(srcA, "a", "https://a.example/1", "One", 1), raw(srcA, "b", "https://a.example/2", "Two", 2))
	before := h.of(srcA)

	// New GUIDs for the same links, one title edited: the source goes to
	// links, nothing is new, the edit is an update of the stored item.
	edited := raw(srcA, "x", "https://a.example/1", "One, corrected", 1)
	st := h.poll(srcA, edited, raw(srcA, "y", "https://a.example/2", "Two", 2))
	if st.New != 0 || st.Updated != 1 {
		t.Fatalf("stats %+v, want nothing new and the edit as 1 update", st)
	}
	after := h.of(srcA)
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

// identitySameGUIDInTwoSources: identities are namespaced by source, so
// two sources giving one GUID to different articles lose nothing, merge
// nothing, and keep their GUIDs.
func identitySameGUIDInTwoSources(t *testing.T, o opener) {
	h := o.start(t, Options{NearDup: true})
	h.poll(srcA, raw(srcA, "1", "https://a.example/one", "Council approves budget", 0))
	h.poll(srcB, raw(srcB, "1", "https://b.example/one", "Ferry strike called off", 5))
	h.poll(srcA, raw(srcA, "1", "https://a.example/one", "Council approves budget", 0))
	all := h.of(srcA, srcB)
	if len(all) != 2 || all[0].Item.Title != "Ferry strike called off" || all[1].Item.Title != "Council approves budget" {
		t.Errorf("entries %q, want both articles", titles(all))
	}
	if a, b := h.state(srcA), h.state(srcB); a.Identity != "" || b.Identity != "" {
		t.Errorf("identity modes %q, %q: a GUID shared across sources is no reason to give up GUIDs", a.Identity, b.Identity)
	}
}

func identityWithoutLinkOrGUID(t *testing.T, o opener) {
	h := o.start(t, Options{})
	a := raw(srcA, "", "", "Status: all systems normal", 1)
	a.Summary = "Everything works."
	b := raw(srcA, "", "", "Status: all systems normal", 5)
	b.Summary = "Everything still works."
	copyA := a
	if st := h.poll(srcA, a, b, copyA); st.New != 2 {
		t.Errorf("stats %+v: want the two different items stored and the identical copy once", st)
	}
	if st := h.poll(srcA, a, b); st.New != 0 || st.Updated != 0 {
		t.Errorf("second poll %+v: want nothing new", st)
	}
	if n := len(h.of(srcA)); n != 2 {
		t.Errorf("%d entries, want 2", n)
	}
}
