package storetest

import (
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

var updateBehaviours = []behaviour{
	{"InPlace", updateInPlace},
	{"DateStaysWhenTheFeedGaveNone", updateDateStays},
	{"DatesThatJump", updateDatesThatJump},
}

// updateInPlace: an item seen again with changed content is the same
// story: same id and position, its new version shown, its update time
// moved (to the feed's own, when newer, else to the commit's), its
// first-seen time kept.
func updateInPlace(t *testing.T, o opener) {
	tests := []struct {
		name   string
		change func(it *aggregator.Item)
		// updated is the entry's update time, from the commit's time.
		updated func(now time.Time) time.Time
	}{
		{"title", func(it *aggregator.Item) { it.Title = "Corrected: council approves budget" }, nil},
		{"summary", func(it *aggregator.Item) { it.Summary = "<p>Now with the vote count.</p>" }, nil},
		{"content", func(it *aggregator.Item) { it.Content = "<p>The full text, revised.</p>" }, nil},
		{"date moved later", func(it *aggregator.Item) { it.Published = it.Published.Add(3 * time.Hour) }, nil},
		{"date moved earlier", func(it *aggregator.Item) { it.Published = it.Published.Add(-48 * time.Hour) }, nil},
		{"with the feed's update time", func(it *aggregator.Item) {
			it.Title, it.Updated = "Council approves budget (updated)", t0.Add(2*time.Hour)
		}, func(time.Time) time.Time { return t0.Add(2 * time.Hour) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := o.start(t, Options{})
			h.now = t0.Add(24 * time.Hour)
			firstSeen := h.now
			orig := raw(srcA, "g1", "https://a.example/budget", "Council approves budget", 0)
			other := raw(srcA, "g2", "https://a.example/ferry", "Ferry timetable", 30)
			first := h.poll(srcA, orig, other)
			before := h.of(srcA)

			changed := orig
			tt.change(&changed)
			rehash(&changed)
			h.now = h.now.Add(time.Hour)
			st := h.poll(srcA, changed, other)
			if first.New != 2 || st.New != 0 || st.Updated != 1 {
				t.Fatalf("stats %+v then %+v: want 2 new, then 0 new and 1 updated", first, st)
			}
			after := h.of(srcA)
			if len(after) != 2 {
				t.Fatalf("%d entries, want 2", len(after))
			}
			e := after[1]
			if e.ID != before[1].ID || !e.Published.Equal(before[1].Published) {
				t.Errorf("entry moved: id %s → %s, position %v → %v", before[1].ID, e.ID, before[1].Published, e.Published)
			}
			wantUpdated := h.now
			if tt.updated != nil {
				wantUpdated = tt.updated(h.now)
			}
			if !e.Updated.Equal(wantUpdated) || !e.Item.Updated.Equal(wantUpdated) {
				t.Errorf("updated = %v (item %v), want %v", e.Updated, e.Item.Updated, wantUpdated)
			}
			if e.Item.Title != changed.Title || e.Item.Summary != changed.Summary || e.Item.Content != changed.Content ||
				!e.Item.Published.Equal(changed.Published) {
				t.Errorf("entry shows %q/%q/%q of %v, want the new version", e.Item.Title, e.Item.Summary, e.Item.Content, e.Item.Published)
			}
			if !e.Item.FirstSeen.Equal(firstSeen) {
				t.Errorf("first seen %v, want %v kept", e.Item.FirstSeen, firstSeen)
			}
			if items, stories := h.items(), h.stories(); len(items) != 2 || len(stories) != 2 {
				t.Errorf("%d items in %d stories, want 2 in 2", len(items), len(stories))
			}
			// Seen again unchanged: nothing to do.
			h.now = h.now.Add(time.Hour)
			if st := h.poll(srcA, changed, other); st.New != 0 || st.Updated != 0 {
				t.Errorf("third poll %+v, want no change", st)
			}
			if e := h.of(srcA)[1]; !e.Updated.Equal(wantUpdated) {
				t.Errorf("updated = %v after an unchanged poll, want %v kept", e.Updated, wantUpdated)
			}
		})
	}
}

// updateDateStays: an item the feed gives no date keeps the date it was
// first seen with (the normaliser supplies the poll's time every time);
// once the feed gives one, the item takes it, its story stays in place.
func updateDateStays(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.now = t0
	undated := func(summary string) aggregator.Item {
		it := raw(srcA, "g1", "https://a.example/notice", "Notice", 0)
		it.Published, it.DateOrigin, it.Summary = h.now, aggregator.DateMissing, summary
		rehash(&it)
		return it
	}
	h.poll(srcA, undated("First version."))
	h.now = t0.Add(2 * time.Hour)
	if st := h.poll(srcA, undated("Second version.")); st.Updated != 1 {
		t.Fatalf("stats %+v, want 1 updated", st)
	}
	e := h.of(srcA)[0]
	if !e.Item.Published.Equal(t0) || e.Item.DateOrigin != aggregator.DateMissing || !e.Published.Equal(t0) {
		t.Errorf("item published %v (origin %d), entry %v; want the first-seen date %v kept", e.Item.Published, e.Item.DateOrigin, e.Published, t0)
	}
	if !e.Item.FirstSeen.Equal(t0) || !e.Updated.Equal(h.now) || e.Item.Summary != "Second version." {
		t.Errorf("first seen %v, updated %v, summary %q; want %v, %v and the new version", e.Item.FirstSeen, e.Updated, e.Item.Summary, t0, h.now)
	}

	h.now = t0.Add(3 * time.Hour)
	dated := undated("Second version.")
	dated.Published, dated.DateOrigin = t0.Add(-time.Hour), aggregator.DateFromFeed
	rehash(&dated)
	h.poll(srcA, dated)
	e = h.of(srcA)[0]
	if !e.Item.Published.Equal(dated.Published) || e.Item.DateOrigin != aggregator.DateFromFeed {
		t.Errorf("item published %v (origin %d), want the feed's %v", e.Item.Published, e.Item.DateOrigin, dated.Published)
	}
	if !e.Published.Equal(t0) {
		t.Errorf("entry position %v, want %v: a story never moves", e.Published, t0)
	}
	if n := len(h.items()); n != 1 {
		t.Errorf("%d items, want 1", n)
	}
}

// updateDatesThatJump: an item whose date jumps around between polls
// keeps its place and id: its story's position is fixed when first seen;
// only its update time moves, and never back.
func updateDatesThatJump(t *testing.T, o opener) {
	h := o.start(t, Options{})
	other := raw(srcA, "steady", "https://a.example/steady", "Steady", 30)
	first := raw(srcA, "jumpy", "https://a.example/jumpy", "Jumpy", 0)
	h.poll(srcA, first, other)
	before := h.of(srcA)
	for i, shift := range []time.Duration{-72 * time.Hour, 48 * time.Hour, -time.Minute, 0} {
		h.now = h.now.Add(time.Hour)
		it := first
		it.Published = first.Published.Add(shift)
		rehash(&it)
		h.poll(srcA, it, other)
		after := h.of(srcA)
		if len(after) != 2 {
			t.Fatalf("jump %d: %d entries, want 2", i, len(after))
		}
		if after[1].ID != before[1].ID || !after[1].Published.Equal(before[1].Published) || after[0].ID != before[0].ID {
			t.Errorf("jump %d (%v): order or ids changed: %q → %q", i, shift, titles(before), titles(after))
		}
		if after[1].Updated.Before(before[1].Updated) {
			t.Errorf("jump %d: updated went back to %v", i, after[1].Updated)
		}
	}
	if st := h.state(srcA); st.ItemsStored != 2 {
		t.Errorf("ItemsStored = %d, want 2", st.ItemsStored)
	}
}
