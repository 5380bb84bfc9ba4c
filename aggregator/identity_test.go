package aggregator

import (
	"slices"
	"strings"
	"testing"
)

func idItem(guid, link, canonical, title string) Item {
	return Item{GUID: guid, Link: link, CanonicalURL: canonical, Title: title}
}

func TestIdentifyAs(t *testing.T) {
	tests := []struct {
		name  string
		mode  IdentityMode
		items []Item
		want  []string // identities; "hash" for any hash identity
	}{
		{"GUIDs", IdentityGUID, []Item{idItem("g1", "https://a.example/1", "https://a.example/1", "One"), idItem("g2", "https://a.example/2", "https://a.example/2", "Two")},
			[]string{"guid:g1", "guid:g2"}},
		{"a missing GUID falls back to the canonical link", IdentityGUID, []Item{idItem("", "https://www.a.example/1?utm_source=x", "https://a.example/1", "One")},
			[]string{"link:https://a.example/1"}},
		{"a link without canonical form is used as published", IdentityGUID, []Item{idItem("", "javascript:void(0)", "", "One")},
			[]string{"link:javascript:void(0)"}},
		{"a repeated GUID identifies neither item", IdentityGUID, []Item{idItem("same", "https://a.example/1", "https://a.example/1", "One"), idItem("same", "https://a.example/2", "https://a.example/2", "Two")},
			[]string{"link:https://a.example/1", "link:https://a.example/2"}},
		{"no GUID and no link: a hash", IdentityGUID, []Item{idItem("", "", "", "One"), idItem("", "", "", "Two")},
			[]string{"hash", "hash"}},
		{"link mode ignores GUIDs", IdentityLink, []Item{idItem("g1", "https://a.example/1", "https://a.example/1", "One")},
			[]string{"link:https://a.example/1"}},
		{"link mode, a repeated link: hashes", IdentityLink, []Item{idItem("g1", "https://a.example/", "https://a.example/", "One"), idItem("g2", "https://a.example/", "https://a.example/", "Two")},
			[]string{"hash", "hash"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := slices.Clone(tt.items)
			IdentifyAs(items, tt.mode)
			for i, it := range items {
				if tt.want[i] == "hash" {
					if !strings.HasPrefix(it.Identity, "hash:") {
						t.Errorf("item %d identity %q, want a hash", i, it.Identity)
					}
					continue
				}
				if it.Identity != tt.want[i] {
					t.Errorf("item %d identity %q, want %q", i, it.Identity, tt.want[i])
				}
			}
		})
	}
	// Different items without GUID or link get different hashes; copies
	// get one.
	items := []Item{idItem("", "", "", "One"), idItem("", "", "", "Two"), idItem("", "", "", "One")}
	Identify(items)
	if items[0].Identity == items[1].Identity || items[0].Identity != items[2].Identity {
		t.Errorf("hash identities %q: want distinct items apart and copies together", []string{items[0].Identity, items[1].Identity, items[2].Identity})
	}
}

func TestIdentityKeysCoverBothModes(t *testing.T) {
	items := []Item{idItem("g1", "https://a.example/1", "https://a.example/1", "One")}
	Identify(items)
	guidMode := IdentityKeys(&items[0])
	IdentifyAs(items, IdentityLink)
	linkMode := IdentityKeys(&items[0])
	if !slices.Contains(guidMode, items[0].Identity) || guidMode[0] == linkMode[0] {
		t.Errorf("keys under GUIDs %q, under links %q: each must hold the other's identity", guidMode, linkMode)
	}
	slices.Sort(guidMode)
	slices.Sort(linkMode)
	if !slices.Equal(guidMode, linkMode) {
		t.Errorf("keys differ between modes: %q vs %q", guidMode, linkMode)
	}
}

func TestDocumentIdentityProblem(t *testing.T) {
	tests := []struct {
		name  string
		items []Item
		want  string
	}{
		{"unique GUIDs", []Item{idItem("a", "https://x/1", "", ""), idItem("b", "https://x/2", "", "")}, ""},
		{"some GUIDs missing", []Item{idItem("a", "https://x/1", "", ""), idItem("", "https://x/2", "", "")}, ""},
		{"a copy of one item", []Item{idItem("a", "https://x/1", "", ""), idItem("a", "https://x/1", "", "")}, ""},
		{"empty document", nil, ""},
		{"no GUIDs", []Item{idItem("", "https://x/1", "", ""), idItem("", "https://x/2", "", "")}, "no guid"},
		{"one GUID on different items", []Item{idItem("https://x/", "https://x/1", "", ""), idItem("https://x/", "https://x/2", "", "")}, "several different items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DocumentIdentityProblem(tt.items)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("DocumentIdentityProblem = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGUIDReused(t *testing.T) {
	old := idItem("42", "https://x/budget", "https://x/budget", "Council approves budget")
	tests := []struct {
		name string
		cur  Item
		want bool
	}{
		{"same item", old, false},
		{"title edited", idItem("42", "https://x/budget", "https://x/budget", "Council approves the budget"), false},
		{"link corrected", idItem("42", "https://x/council-budget", "https://x/council-budget", "council approves budget "), false},
		{"another article", idItem("42", "https://x/ferry", "https://x/ferry", "Ferry strike called off"), true},
		{"no link", idItem("42", "", "", "Ferry strike called off"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := GUIDReused(&old, &tt.cur); got != tt.want {
				t.Errorf("GUIDReused = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestGUIDsUnstable(t *testing.T) {
	for _, tt := range []struct {
		changed, stable int
		want            bool
	}{{0, 0, false}, {0, 10, false}, {1, 49, false}, {1, 0, true}, {5, 5, true}, {50, 0, true}} {
		if got := GUIDsUnstable(tt.changed, tt.stable); got != tt.want {
			t.Errorf("GUIDsUnstable(%d, %d) = %v, want %v", tt.changed, tt.stable, got, tt.want)
		}
	}
}
