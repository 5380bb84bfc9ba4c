package outputs

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// listStore is a aggregator.Store that selects from a list of entries, newest first,
// for Feeds; sharing makes it a aggregator.SharedSelector that gives an entry in
// several selections as one *aggregator.Entry, as the bbolt store does. Its topics
// are all built.
type listStore struct {
	entries []aggregator.Entry
}

func (s *listStore) SourceStates(context.Context) (map[string]aggregator.SourceState, error) {
	return nil, nil
}
func (s *listStore) Commit(context.Context, []*aggregator.SourceResult) (aggregator.CommitStats, error) {
	return aggregator.CommitStats{}, nil
}
func (s *listStore) TopicBuilt(context.Context, aggregator.TopicKey) (bool, error) { return true, nil }
func (s *listStore) DropTopics(context.Context, []aggregator.TopicKey) error       { return nil }
func (s *listStore) BuildTopic(context.Context, aggregator.TopicKey, func(*aggregator.Item) bool) (int, error) {
	return 0, nil
}

func (s *listStore) SelectEach(ctx context.Context, sel aggregator.Selection, fn func(*aggregator.Entry) error) error {
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

func (s *sharingStore) SelectEachOf(ctx context.Context, sels []aggregator.Selection, fn func(int, *aggregator.Entry) error) error {
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
// can, each entry credited as the feed's own aggregator.Source credits it; a topic,
// a limited output, or a store that cannot share reads on its own.
func TestFeedsShareOneWalk(t *testing.T) {
	m, err := aggregator.CompileQuery("story", nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &aggregator.Collection{
		Sources: []aggregator.Source{
			{URL: "https://a.example/feed", Title: "A", Categories: []string{"World"}},
			{URL: "https://b.example/feed", Title: "B", Categories: []string{"Sport"}},
			{URL: "https://c.example/feed", Title: "C", Categories: []string{"World"}},
		},
		Categories: []aggregator.Category{{Name: "World", Slug: "world"}, {Name: "Sport", Slug: "sport"}},
		Topics:     []aggregator.Topic{{Name: "T", Slug: "t", Query: "story", Matcher: m}},
	}
	var entries []aggregator.Entry
	for i := range 12 {
		src := c.Sources[i%3].URL
		entries = append(entries, aggregator.Entry{
			ID:     fmt.Sprintf("urn:uuid:%d", i),
			Item:   aggregator.Item{Title: fmt.Sprintf("story %d", i), SourceURL: src},
			Source: aggregator.SourceRef{URL: src, Title: "the feed's own title"},
		})
	}
	all := func(st aggregator.Store, lim aggregator.OutputLimits) []*aggregator.Feed {
		feeds, err := Feeds(context.Background(), st, c, lim, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return feeds
	}
	st := &sharingStore{listStore: listStore{entries: entries}}
	feeds := all(st, aggregator.OutputLimits{})
	var shared []string
	var w *aggregator.SharedWalk
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
	got := make([][]aggregator.Entry, len(w.Feeds))
	err = w.Walk(context.Background(), func(i int, e *aggregator.Entry) error {
		got[i] = append(got[i], *e)
		return nil
	})
	if err != nil || st.walks != 1 {
		t.Fatalf("the walk: %v, %d walks of the store", err, st.walks)
	}
	for i, f := range w.Feeds {
		var own []aggregator.Entry
		f.Source(context.Background(), func(e *aggregator.Entry) error { own = append(own, *e); return nil })
		if len(own) == 0 || !slices.EqualFunc(got[i], own, func(a, b aggregator.Entry) bool { return a.ID == b.ID && a.Source == b.Source }) {
			t.Errorf("output %q: the shared walk gave %v, its own aggregator.Source %v", f.Output.Slug, got[i], own)
		}
		if own[0].Source.Title == "the feed's own title" {
			t.Errorf("output %q: its entries are not credited as the OPML names their sources", f.Output.Slug)
		}
	}

	for name, st := range map[string]aggregator.Store{
		"limited outputs":           st,
		"a store that cannot share": &listStore{entries: entries},
	} {
		lim := aggregator.OutputLimits{}
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
