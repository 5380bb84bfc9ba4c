package pgstore

import (
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

func TestUpdatesInPlace(t *testing.T) {
	tests := []struct {
		name   string
		change func(it *aggregator.Item)
	}{
		{"title", func(it *aggregator.Item) { it.Title = "Corrected: council approves budget" }},
		{"summary", func(it *aggregator.Item) { it.Summary = "<p>Now with the vote count.</p>" }},
		{"content", func(it *aggregator.Item) { it.Content = "<p>The full text, revised.</p>" }},
		{"date moved later", func(it *aggregator.Item) { it.Published = it.Published.Add(3 * time.Hour) }},
		{"date moved earlier", func(it *aggregator.Item) { it.Published = it.Published.Add(-48 * time.Hour) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := t0.Add(24 * time.Hour)
			db := openTest(t, Options{Now: func() time.Time { return now }})
			orig := raw(srcA, "g1", "https://a.example/budget", "Council approves budget", 0)
			other := raw(srcA, "g2", "https://a.example/ferry", "Ferry timetable", 30)
			first := poll(t, db, srcA, orig, other)
			before := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})

			changed := orig
			tt.change(&changed)
			changed.Hash = hashOf(changed.Title, changed.Summary, changed.Content, changed.Published.String())
			now = now.Add(time.Hour)
			st := poll(t, db, srcA, changed, other)
			if first.New != 2 || st.New != 0 || st.Updated != 1 {
				t.Fatalf("stats %+v then %+v: want 2 new, then 0 new and 1 updated", first, st)
			}
			after := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})
			if len(after) != 2 {
				t.Fatalf("%d entries, want 2", len(after))
			}
			e := after[1]
			if e.ID != before[1].ID || !e.Published.Equal(before[1].Published) {
				t.Errorf("entry moved: id %s → %s, position %v → %v", before[1].ID, e.ID, before[1].Published, e.Published)
			}
			if !e.Updated.Equal(now) && !e.Updated.Equal(changed.Published) {
				t.Errorf("updated = %v, want it moved to %v", e.Updated, now)
			}
			if !e.Updated.After(before[1].Updated) {
				t.Errorf("updated %v did not move past %v", e.Updated, before[1].Updated)
			}
			if e.Item.Title != changed.Title || e.Item.Summary != changed.Summary || e.Item.Content != changed.Content {
				t.Errorf("entry shows %q/%q/%q, want the new version", e.Item.Title, e.Item.Summary, e.Item.Content)
			}
			// Seen again unchanged: nothing to do.
			if st := poll(t, db, srcA, changed, other); st.New != 0 || st.Updated != 0 {
				t.Errorf("third poll %+v, want no change", st)
			}
		})
	}
}
