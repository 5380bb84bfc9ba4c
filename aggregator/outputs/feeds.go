// Package outputs selects what each output of a collection publishes:
// one feed of everything, one per category and one per topic, each
// reading its entries from the store when it is rendered, and the walk
// the outputs that publish every stored entry share.
package outputs

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// Feeds returns every output the collection declares, each reading its
// entries from the store, newest first, whenever its Source is called:
// nothing is selected until then. Topic memberships that are missing (a
// new or edited query) are built first, over the whole store.
func Feeds(ctx context.Context, st aggregator.Store, c *aggregator.Collection, lim aggregator.OutputLimits, now time.Time) ([]*aggregator.Feed, error) {
	if err := aggregator.PrepareTopics(ctx, st, c); err != nil {
		return nil, err
	}
	bySource := c.SourcesByURL()
	var feeds []*aggregator.Feed
	var sels []aggregator.Selection
	for _, out := range c.Outputs() {
		ol := c.Limits(out, lim)
		sel := aggregator.Selection{Limit: ol.MaxItems, Whole: ol.MaxItems}
		if ol.MaxItems > 0 && ol.ArchiveItems > ol.MaxItems {
			sel.Limit = ol.ArchiveItems // one selection for the page and the archive
		}
		if ol.MaxAge > 0 {
			sel.Since = now.Add(-ol.MaxAge)
		}
		switch out.Kind {
		case aggregator.KindAll:
			sel.Sources = c.SourceURLsIn("")
		case aggregator.KindCategory:
			sel.Sources = c.SourceURLsIn(out.Name)
		case aggregator.KindTopic:
			t := c.Topic(out.Slug)
			sel.Sources = c.SourceURLsIn(t.Scope)
			sel.Topic = c.TopicKey(t)
		}
		f := &aggregator.Feed{Output: out, Title: feedTitle(c, out), Owner: c.Owner, Shown: ol.MaxItems}
		f.Source = func(ctx context.Context, fn func(*aggregator.Entry) error) error {
			return st.SelectEach(ctx, sel, func(e *aggregator.Entry) error {
				creditAll(e, bySource)
				return fn(e)
			})
		}
		feeds = append(feeds, f)
		sels = append(sels, sel)
	}
	shareWalk(st, feeds, sels, bySource)
	return feeds, nil
}

// shareWalk lets the feeds that publish every stored entry of their
// sources ("all" and the categories, without a limit) read them in one
// walk, when the store can (aggregator.SharedSelector): each such feed's
// walk covers the whole store anyway, and a story in "all" and in a
// category was read and decoded once for each. Limited feeds keep their
// own walks, which stop early; a topic reads its own index.
func shareWalk(st aggregator.Store, feeds []*aggregator.Feed, sels []aggregator.Selection, bySource map[string]*aggregator.Source) {
	ss, ok := st.(aggregator.SharedSelector)
	if !ok {
		return
	}
	w := &aggregator.SharedWalk{}
	var shared []aggregator.Selection
	for i, sel := range sels {
		if sel.Limit == 0 && sel.Topic == 0 {
			w.Feeds = append(w.Feeds, feeds[i])
			shared = append(shared, sel)
		}
	}
	if len(w.Feeds) < 2 {
		return
	}
	w.Walk = func(ctx context.Context, fn func(int, *aggregator.Entry) error) error {
		// Each entry is credited once, before any feed has it: a feed may
		// be reading it while the walk goes on to the next. The entries of
		// one story (one per primary item) come one after the other.
		var story string
		var credited []*aggregator.Entry
		return ss.SelectEachOf(ctx, shared, func(i int, e *aggregator.Entry) error {
			if e.ID != story {
				story, credited = e.ID, credited[:0]
			}
			if !slices.Contains(credited, e) {
				creditAll(e, bySource)
				credited = append(credited, e)
			}
			return fn(i, e)
		})
	}
	for _, f := range w.Feeds {
		f.Shared = w
	}
}

// creditAll credits every source of e as the OPML names it (credit).
func creditAll(e *aggregator.Entry, bySource map[string]*aggregator.Source) {
	credit(&e.Source, bySource)
	for j := range e.Via {
		credit(&e.Via[j].Source, bySource)
	}
}

// credit names a source as the OPML does, falling back to what its feed
// says about itself.
func credit(ref *aggregator.SourceRef, bySource map[string]*aggregator.Source) {
	s, ok := bySource[ref.URL]
	if !ok {
		return
	}
	if s.Title != "" {
		ref.Title = s.Title
	}
	if s.SiteURL != "" {
		ref.SiteURL = s.SiteURL
	}
}

// feedTitle is the title of output out: the collection's, and the
// output's name.
func feedTitle(c *aggregator.Collection, out aggregator.Output) string {
	title := c.Title
	if title == "" {
		title = "feedloom"
	}
	if out.Kind == aggregator.KindAll {
		return title
	}
	return title + ": " + strings.ReplaceAll(out.Name, "/", " / ")
}
