package output

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

// sharedSite is a site of five outputs read from one list of entries:
// "all" holds every entry, "odd" and "third" some of them (each given by
// the shared walk as the same *Entry as in "all"), "bounded" shows 25
// (rendered from a memo, so read on its own although the walk names it),
// and "alone" is not in the walk. walks counts the shared walks, own the
// walks of each feed's own Source.
func sharedSite(n int, walks *int, own map[string]int) (*Site, *aggregator.SharedWalk) {
	content := bigContent(400)
	entries := make([]aggregator.Entry, n)
	for i := range entries {
		entries[i] = bigEntry("shared", i, 4, content+uniquePara(i))
	}
	var ownMu sync.Mutex // the outputs render at once
	in := map[string]func(i int) bool{
		"all":     func(int) bool { return true },
		"odd":     func(i int) bool { return i%2 == 1 },
		"third":   func(i int) bool { return i%3 == 0 },
		"bounded": func(i int) bool { return i%5 != 0 },
		"alone":   func(i int) bool { return i%4 == 0 },
	}
	feed := func(slug string, shown int) *aggregator.Feed {
		kind := aggregator.KindCategory
		if slug == "all" {
			kind = aggregator.KindAll
		}
		f := &aggregator.Feed{Output: aggregator.Output{Kind: kind, Name: "Output " + slug, Slug: slug}, Title: "Loom " + slug, Shown: shown}
		f.Source = func(ctx context.Context, fn func(*aggregator.Entry) error) error {
			ownMu.Lock()
			own[slug]++
			ownMu.Unlock()
			for i := range entries {
				if in[slug](i) {
					e := entries[i]
					if err := fn(&e); err != nil {
						return err
					}
				}
			}
			return nil
		}
		return f
	}
	s := &Site{Title: "Loom", Feeds: []*aggregator.Feed{feed("all", 0), feed("odd", 0), feed("bounded", 25), feed("third", 0), feed("alone", 0)}}
	w := &aggregator.SharedWalk{Feeds: []*aggregator.Feed{s.Feeds[3], s.Feeds[0], s.Feeds[2], s.Feeds[1]}}
	slugs := []string{"third", "all", "bounded", "odd"}
	w.Walk = func(ctx context.Context, fn func(int, *aggregator.Entry) error) error {
		*walks++
		for i := range entries {
			e := entries[i] // one copy, given to every feed it is in
			for j, slug := range slugs {
				if in[slug](i) {
					if err := fn(j, &e); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	return s, w
}

// Outputs that share a walk (every stored item of "all" and of each
// category) publish exactly the bytes they publish read on their own,
// from one walk: the views rendered in one pass read nothing else, and
// the others read their own entries as before.
func TestSharedWalkPublishesTheSameBytes(t *testing.T) {
	const n = memoEntries + 100
	walks, own := 0, map[string]int{}
	alone, _ := sharedSite(n, &walks, own)
	want := t.TempDir()
	mustPublish(t, want, alone)

	walks, own = 0, map[string]int{}
	s, w := sharedSite(n, &walks, own)
	for _, f := range w.Feeds {
		f.Shared = w
	}
	got := t.TempDir()
	mustPublish(t, got, s)
	sameFiles(t, snapshot(t, got), snapshot(t, want), "the outputs read in one walk, against each read on its own")
	if walks != 1 {
		t.Errorf("the shared walk ran %d times, want once", walks)
	}
	for slug, want := range map[string]int{"all": 0, "odd": 0, "third": 0, "bounded": 1, "alone": 1} {
		if own[slug] != want {
			t.Errorf("output %q read its own entries %d times, want %d", slug, own[slug], want)
		}
	}
}

// A shared walk that fails, or a view of it that fails (two entries of
// one output share an id, which only its walk finds), fails the publish
// with that error and leaves the folder as it was; the other views stop
// with it rather than wait for entries that will not come.
func TestSharedWalkFailureLeavesTheFolder(t *testing.T) {
	const n = memoEntries + 50
	errRead := errors.New("store stopped answering")
	for _, c := range []struct {
		name string
		bad  func(w *aggregator.SharedWalk)
		want string
	}{
		{"walk fails", func(w *aggregator.SharedWalk) {
			walk := w.Walk
			w.Walk = func(ctx context.Context, fn func(int, *aggregator.Entry) error) error {
				calls := 0
				return walk(ctx, func(j int, e *aggregator.Entry) error {
					if calls++; calls == n {
						return errRead
					}
					return fn(j, e)
				})
			}
		}, errRead.Error()},
		{"one view fails", func(w *aggregator.SharedWalk) {
			walk := w.Walk
			w.Walk = func(ctx context.Context, fn func(int, *aggregator.Entry) error) error {
				first := ""
				return walk(ctx, func(j int, e *aggregator.Entry) error {
					if j != 3 { // "odd"
						return fn(j, e)
					}
					c := *e
					if first == "" {
						first = c.ID
					} else if strings.HasPrefix(c.Item.Title, "Story 201 ") {
						c.ID = first
					}
					return fn(j, &c)
				})
			}
		}, "share the id"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			walks, own := 0, map[string]int{}
			before, _ := sharedSite(40, &walks, own)
			mustPublish(t, dir, before)
			was := snapshot(t, dir)
			s, w := sharedSite(n, &walks, own)
			for _, f := range w.Feeds {
				f.Shared = w
			}
			c.bad(w)
			_, err := Publish(context.Background(), dir, s, testOptions)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("publish: %v, want an error saying %q", err, c.want)
			}
			sameFiles(t, snapshot(t, dir), was, "the folder after a failed publish")
		})
	}
}
