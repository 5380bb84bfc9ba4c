package fold

import (
	"slices"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

func idItem(guid, link, canonical, title string) aggregator.Item {
	return aggregator.Item{GUID: guid, Link: link, CanonicalURL: canonical, Title: title}
}

func TestIdentityKeysCoverBothModes(t *testing.T) {
	items := []aggregator.Item{idItem("g1", "https://a.example/1", "https://a.example/1", "One")}
	aggregator.Identify(items)
	guidMode := identityKeys(&items[0])
	aggregator.IdentifyAs(items, aggregator.IdentityLink)
	linkMode := identityKeys(&items[0])
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
		items []aggregator.Item
		want  string
	}{
		{"unique GUIDs", []aggregator.Item{idItem("a", "https://x/1", "", ""), idItem("b", "https://x/2", "", "")}, ""},
		{"some GUIDs missing", []aggregator.Item{idItem("a", "https://x/1", "", ""), idItem("", "https://x/2", "", "")}, ""},
		{"a copy of one item", []aggregator.Item{idItem("a", "https://x/1", "", ""), idItem("a", "https://x/1", "", "")}, ""},
		{"empty document", nil, ""},
		{"no GUIDs", []aggregator.Item{idItem("", "https://x/1", "", ""), idItem("", "https://x/2", "", "")}, "no guid"},
		{"one GUID on different items", []aggregator.Item{idItem("https://x/", "https://x/1", "", ""), idItem("https://x/", "https://x/2", "", "")}, "several different items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := documentIdentityProblem(tt.items)
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
		cur  aggregator.Item
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
			if got := guidReused(&old, &tt.cur); got != tt.want {
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
		if got := guidsUnstable(tt.changed, tt.stable); got != tt.want {
			t.Errorf("guidsUnstable(%d, %d) = %v, want %v", tt.changed, tt.stable, got, tt.want)
		}
	}
}
