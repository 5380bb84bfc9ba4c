package aggregator

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// listStore is a Store that selects from a list of entries, newest first,
// for Feeds; sharing makes it a SharedSelector that gives an entry in
// several selections as one *Entry, as the bbolt store does.
type listStore struct {
	*memStore
	entries []Entry
}

func (s *listStore) SelectEach(ctx context.Context, sel Selection, fn func(*Entry) error) error {
	for _, e := range s.entries {
		if slices.Contains(sel.Sources, e.Source.URL) {
			if err := fn(&e); err != nil {
				return err
			}
		}
	}
	return nil
}

type sharingStore struct {
	listStore
	walks int
}

func (s *sharingStore) SelectEachOf(ctx context.Context, sels []Selection, fn func(int, *Entry) error) error {
	s.walks++
	for _, e := range s.entries {
		for i, sel := range sels {
			if slices.Contains(sel.Sources, e.Source.URL) {
				if err := fn(i, &e); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Feeds lets the outputs that publish every entry of their sources ("all"
// and the categories, with no limit) read them in one walk when the store
// can, each entry credited as the feed's own Source credits it; a topic,
// a limited output, or a store that cannot share reads on its own.
func TestFeedsShareOneWalk(t *testing.T) {
	c := testCollection(t, Topic{Name: "T", Query: "story"})
	c.Sources = append(c.Sources, Source{URL: "https://c.example/feed", Title: "C", Categories: []string{"World"}})
	c.Categories = []Category{{Name: "World", Slug: "world"}, {Name: "Sport", Slug: "sport"}}
	var entries []Entry
	for i := range 12 {
		src := c.Sources[i%3].URL
		entries = append(entries, Entry{
			ID:     fmt.Sprintf("urn:uuid:%d", i),
			Item:   Item{Title: fmt.Sprintf("story %d", i), SourceURL: src},
			Source: SourceRef{URL: src, Title: "the feed's own title"},
		})
	}
	all := func(st Store, lim OutputLimits) []*Feed {
		feeds, err := Feeds(context.Background(), st, c, lim, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return feeds
	}
	st := &sharingStore{listStore: listStore{memStore: newMemStore(), entries: entries}}
	feeds := all(st, OutputLimits{})
	var shared []string
	var w *SharedWalk
	for _, f := range feeds {
		if f.Shared != nil {
			shared = append(shared, f.Output.Slug)
			if w != nil && f.Shared != w {
				t.Errorf("output %q has a walk of its own, want the one they share", f.Output.Slug)
			}
			w = f.Shared
		}
	}
	if want := []string{"all", "world", "sport"}; !slices.Equal(shared, want) {
		t.Fatalf("outputs sharing a walk: %q, want %q (not the topic's)", shared, want)
	}
	got := make([][]Entry, len(w.Feeds))
	err := w.Walk(context.Background(), func(i int, e *Entry) error {
		got[i] = append(got[i], *e)
		return nil
	})
	if err != nil || st.walks != 1 {
		t.Fatalf("the walk: %v, %d walks of the store", err, st.walks)
	}
	for i, f := range w.Feeds {
		var own []Entry
		f.Source(context.Background(), func(e *Entry) error { own = append(own, *e); return nil })
		if len(own) == 0 || !slices.EqualFunc(got[i], own, func(a, b Entry) bool { return a.ID == b.ID && a.Source == b.Source }) {
			t.Errorf("output %q: the shared walk gave %v, its own Source %v", f.Output.Slug, got[i], own)
		}
		if own[0].Source.Title == "the feed's own title" {
			t.Errorf("output %q: its entries are not credited as the OPML names their sources", f.Output.Slug)
		}
	}

	for name, st := range map[string]Store{
		"limited outputs": st,
		"a store that cannot share": &listStore{memStore: newMemStore(), entries: entries},
	} {
		lim := OutputLimits{}
		if name == "limited outputs" {
			lim.MaxItems = 5
		}
		for _, f := range all(st, lim) {
			if f.Shared != nil {
				t.Errorf("%s: output %q shares a walk", name, f.Output.Slug)
			}
		}
	}
}
