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
