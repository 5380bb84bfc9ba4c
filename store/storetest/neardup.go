package storetest

import (
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

var nearDupBehaviours = []behaviour{
	{"JoinAcrossSourcesWithinTheWindow", nearDupJoins},
	{"Credits", nearDupCredits},
	{"NeverWithinOneSource", nearDupNeverWithinOneSource},
}

// The copies of one event: the wire story as ABC and NBC carry it (under
// their own URLs and headlines, NBC's updated 90 minutes later), and
// Sky's own report under a headline identical to ABC's.
func wireABC(src, guid string) aggregator.Item {
	return nearItem(src, guid, "https://abc.example/wirestory/nepal-plane-crash-98765", "Plane carrying 72 people crashes in Nepal", wireLede, 0)
}

func wireNBC(src, guid string) aggregator.Item {
	return nearItem(src, guid, "https://nbc.example/news/world/nepal-crash-n12345", "Nepal plane crash: at least 70 dead as search goes on", wireLedeUpdated, 90)
}

func ownSky(src, guid string) aggregator.Item {
	return nearItem(src, guid, "https://sky.example/story/nepal-plane-crash-13001", "Plane carrying 72 people crashes in Nepal", ownReport, 45)
}

func nearDupJoins(t *testing.T, o opener) {
	wireA, wireB, own := wireABC(srcA, "a1"), wireNBC(srcB, "b1"), ownSky(srcC, "c1")
	late, early := wireB, wireB
	late.Published = wireA.Published.Add(100 * time.Hour)
	early.Published = wireA.Published.Add(-100 * time.Hour)
	on := Options{NearDup: true}

	tests := []struct {
		name  string
		opts  Options
		items []aggregator.Item
		want  int // entries in "all"
	}{
		{"one wire story through two outlets is one entry", on, []aggregator.Item{wireA, wireB}, 1},
		{"an earlier copy within the window joins", on, []aggregator.Item{wireB, wireA}, 1},
		{"an independent report under the same headline stays apart", on, []aggregator.Item{wireA, own}, 2},
		{"three items: the copy joins, the report stays apart", on, []aggregator.Item{wireA, own, wireB}, 2},
		{"switched off, copies stay apart", Options{}, []aggregator.Item{wireA, wireB}, 2},
		{"after the window, copies stay apart", on, []aggregator.Item{wireA, late}, 2},
		{"before the window, copies stay apart", on, []aggregator.Item{wireA, early}, 2},
		{"a wider window folds them", Options{NearDup: true, Window: 120 * time.Hour}, []aggregator.Item{wireA, late}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := o.start(t, tt.opts)
			var sources []string
			for _, it := range tt.items {
				h.poll(it.SourceURL, it)
				sources = append(sources, it.SourceURL)
			}
			all := h.of(sources...)
			if len(all) != tt.want {
				t.Fatalf("all has %d entries (%q), want %d", len(all), titles(all), tt.want)
			}
			// Each source's own output (its category) still lists its
			// story, under its own name, with the same id as in "all".
			ids := map[string]bool{}
			for _, e := range all {
				ids[e.ID] = true
			}
			for _, src := range sources {
				own := h.of(src)
				if len(own) != 1 || own[0].Source.URL != src || !ids[own[0].ID] {
					t.Errorf("output of %s = %+v, want its one story under its own name", src, own)
				}
			}
		})
	}
}

func nearDupCredits(t *testing.T, o opener) {
	h := o.start(t, Options{NearDup: true})
	wireA, wireB := wireABC(srcA, "a1"), wireNBC(srcB, "b1")
	st := h.poll(srcA, wireA)
	st.Add(h.poll(srcB, wireB))
	if st.New != 2 || st.Merged != 1 {
		t.Errorf("stats %+v, want 2 new of which 1 merged", st)
	}
	all := h.of(srcA, srcB)
	if len(all) != 1 {
		t.Fatalf("%d entries, want 1", len(all))
	}
	e := all[0]
	if e.Item.Link != wireA.Link || len(e.Via) != 1 || e.Via[0].Link != wireB.Link || e.Via[0].Source.URL != srcB {
		t.Errorf("entry %s via %+v: want the first-seen link, crediting %s", e.Item.Link, e.Via, srcB)
	}
	// An update of the copy keeps it in the story.
	wireB.Summary += " Updated."
	rehash(&wireB)
	sign(&wireB)
	if st := h.poll(srcB, wireB); st.Updated != 1 {
		t.Errorf("stats %+v, want the copy updated", st)
	}
	if n := len(h.of(srcA, srcB)); n != 1 {
		t.Errorf("%d entries after an update of the copy, want 1", n)
	}
}

// nearDupNeverWithinOneSource: one source's two copies of a story are two
// items of its own, never folded (a source's outputs show what it
// published).
func nearDupNeverWithinOneSource(t *testing.T, o opener) {
	h := o.start(t, Options{NearDup: true})
	if st := h.poll(srcA, wireABC(srcA, "a1"), wireNBC(srcA, "a2")); st.New != 2 || st.Merged != 0 {
		t.Errorf("stats %+v, want 2 new, none merged", st)
	}
	if st := h.poll(srcB, wireNBC(srcB, "b1")); st.Merged != 1 {
		t.Errorf("another source's copy: %+v, want it merged", st)
	}
	if n := len(h.of(srcA)); n != 2 {
		t.Errorf("A's output has %d entries, want its 2 items apart", n)
	}
}
