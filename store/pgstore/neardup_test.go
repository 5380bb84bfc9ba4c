package pgstore

import (
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
)

// Hand-written items about one event: a wire story carried by two
// outlets under their own URLs and headlines, and an outlet's own report
// of the same event under a headline identical to the wire copy's.
const (
	wireLede = "KATHMANDU, Nepal (AP) — A passenger plane carrying 72 people crashed into a gorge " +
		"while landing at a newly opened airport in the resort town of Pokhara on Sunday, killing " +
		"at least 68 people, officials said. Rescuers searched the burning wreckage for the four " +
		"people still missing. The Yeti Airlines ATR 72 had flown from the capital, Kathmandu."
	wireLedeUpdated = "KATHMANDU, Nepal (AP) — A passenger plane carrying 72 people crashed into a gorge " +
		"while landing at a newly opened airport in the resort town of Pokhara on Sunday, killing " +
		"at least 70 people, officials said. Rescuers searched the burning wreckage for the two " +
		"people still missing. The Yeti Airlines ATR 72 had flown from the capital, Kathmandu."
	ownReport = "Our correspondent in Pokhara describes scenes of grief at the hospital, where families " +
		"waited through the night for news. Nepal's aviation authority has opened an inquiry into the " +
		"crash, the country's worst in three decades, and grounded the airline's remaining aircraft."
)

func nearItem(src, guid, link, title, text string, minutes int) aggregator.Item {
	it := raw(src, guid, link, title, minutes)
	it.Summary = text
	it.Sig = fingerprint.Of(title, text)
	return it
}

func TestNearDuplicates(t *testing.T) {
	const srcC = "https://c.example/feed"
	wireA := nearItem(srcA, "a1", "https://abc.example/wirestory/nepal-plane-crash-98765", "Plane carrying 72 people crashes in Nepal", wireLede, 0)
	wireB := nearItem(srcB, "b1", "https://nbc.example/news/world/nepal-crash-n12345", "Nepal plane crash: at least 70 dead as search goes on", wireLedeUpdated, 90)
	own := nearItem(srcC, "c1", "https://sky.example/story/nepal-plane-crash-13001", "Plane carrying 72 people crashes in Nepal", ownReport, 45)
	late := wireB
	late.Published = wireA.Published.Add(100 * time.Hour)

	tests := []struct {
		name  string
		opts  Options
		items []aggregator.Item
		want  int // entries in "all"
	}{
		{"one wire story through two outlets is one entry", Options{NearDup: aggregator.NearDup{}}, []aggregator.Item{wireA, wireB}, 1},
		{"an independent report under the same headline stays apart", Options{NearDup: aggregator.NearDup{}}, []aggregator.Item{wireA, own}, 2},
		{"three items: the copy joins, the report stays apart", Options{NearDup: aggregator.NearDup{}}, []aggregator.Item{wireA, own, wireB}, 2},
		{"switched off, copies stay apart", Options{}, []aggregator.Item{wireA, wireB}, 2},
		{"outside the window, copies stay apart", Options{NearDup: aggregator.NearDup{}}, []aggregator.Item{wireA, late}, 2},
		{"a wider window folds them", Options{NearDup: aggregator.NearDup{}, Window: 120 * time.Hour}, []aggregator.Item{wireA, late}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t, tt.opts)
			var sources []string
			for _, it := range tt.items {
				poll(t, db, it.SourceURL, it)
				sources = append(sources, it.SourceURL)
			}
			all := selectAll(t, db, aggregator.Selection{Sources: sources})
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
				own := selectAll(t, db, aggregator.Selection{Sources: []string{src}})
				if len(own) != 1 || own[0].Source.URL != src || !ids[own[0].ID] {
					t.Errorf("output of %s = %+v, want its one story under its own name", src, own)
				}
			}
		})
	}
}

func TestNearDuplicateCredits(t *testing.T) {
	db := openTest(t, Options{NearDup: aggregator.NearDup{}})
	wireA := nearItem(srcA, "a1", "https://abc.example/wirestory/nepal-plane-crash-98765", "Plane carrying 72 people crashes in Nepal", wireLede, 0)
	wireB := nearItem(srcB, "b1", "https://nbc.example/news/world/nepal-crash-n12345", "Nepal plane crash: at least 70 dead as search goes on", wireLedeUpdated, 90)
	st := poll(t, db, srcA, wireA)
	st.Add(poll(t, db, srcB, wireB))
	if st.New != 2 || st.Merged != 1 {
		t.Errorf("stats %+v, want 2 new of which 1 merged", st)
	}
	all := selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}})
	if len(all) != 1 {
		t.Fatalf("%d entries, want 1", len(all))
	}
	e := all[0]
	if e.Item.Link != wireA.Link || len(e.Via) != 1 || e.Via[0].Link != wireB.Link || e.Via[0].Source.URL != srcB {
		t.Errorf("entry %s via %+v: want the first-seen link, crediting %s", e.Item.Link, e.Via, srcB)
	}
	// An update of the copy keeps it in the story.
	wireB.Summary += " Updated."
	wireB.Hash++
	poll(t, db, srcB, wireB)
	if n := len(selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}})); n != 1 {
		t.Errorf("%d entries after an update of the copy, want 1", n)
	}
}
