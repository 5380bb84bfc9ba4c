package aggregator

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// OutputLimits bound every output.
type OutputLimits struct {
	// MaxItems is the most entries an output shows (0 = no limit).
	MaxItems int
	// MaxAge drops entries older than it (0 = no limit).
	MaxAge time.Duration
	// ArchiveItems is how many of its newest entries an output keeps
	// reachable in all: beyond MaxItems, the rest are listed on its
	// archive page (0 = no archive).
	ArchiveItems int
}

// LimitsOverride replaces some of the OutputLimits the flags give, for
// one output (a folder's or topic's maxItems and maxAge attributes) or for
// every output (the OPML head's). A nil field keeps what it overrides.
type LimitsOverride struct {
	MaxItems *int
	MaxAge   *time.Duration
}

// Apply returns lim with o's fields in place of its own.
func (o LimitsOverride) Apply(lim OutputLimits) OutputLimits {
	if o.MaxItems != nil {
		lim.MaxItems = *o.MaxItems
	}
	if o.MaxAge != nil {
		lim.MaxAge = *o.MaxAge
	}
	return lim
}

// Limits are the limits of output out: lim (the flags') overridden by the
// collection's head, then by the output's own outline.
func (c *Collection) Limits(out Output, lim OutputLimits) OutputLimits {
	return out.Limits.Apply(c.Defaults.Apply(lim))
}

// Feeds returns every output the collection declares, each reading its
// entries from the store, newest first, whenever its Source is called:
// nothing is selected until then. Topic memberships that are missing (a new or
// edited query) are built first, over the whole store.
func Feeds(ctx context.Context, st Store, c *Collection, lim OutputLimits, now time.Time) ([]*Feed, error) {
	if err := PrepareTopics(ctx, st, c); err != nil {
		return nil, err
	}
	bySource := c.SourcesByURL()
	var feeds []*Feed
	var sels []Selection
	for _, out := range c.Outputs() {
		ol := c.Limits(out, lim)
		sel := Selection{Limit: ol.MaxItems}
		if ol.MaxItems > 0 && ol.ArchiveItems > ol.MaxItems {
			sel.Limit = ol.ArchiveItems // one selection for the page and the archive
		}
		if ol.MaxAge > 0 {
			sel.Since = now.Add(-ol.MaxAge)
		}
		switch out.Kind {
		case KindAll:
			sel.Sources = urlsOf(c.SourcesIn(""))
		case KindCategory:
			sel.Sources = urlsOf(c.SourcesIn(out.Name))
		case KindTopic:
			t := c.topic(out.Slug)
			sel.Sources = urlsOf(c.SourcesIn(t.Scope))
			sel.Topic = c.TopicKey(t)
		}
		f := &Feed{Output: out, Title: c.feedTitle(out), Owner: c.Owner, Shown: ol.MaxItems}
		f.Source = func(ctx context.Context, fn func(*Entry) error) error {
			return st.SelectEach(ctx, sel, func(e *Entry) error {
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
// walk, when the store can (SharedSelector): each such feed's walk covers
// the whole store anyway, and a story in "all" and in a category was read
// and decoded once for each. Limited feeds keep their own walks, which
// stop early; a topic reads its own index.
func shareWalk(st Store, feeds []*Feed, sels []Selection, bySource map[string]*Source) {
	ss, ok := st.(SharedSelector)
	if !ok {
		return
	}
	w := &SharedWalk{}
	var shared []Selection
	for i, sel := range sels {
		if sel.Limit == 0 && sel.Topic == 0 {
			w.Feeds = append(w.Feeds, feeds[i])
			shared = append(shared, sel)
		}
	}
	if len(w.Feeds) < 2 {
		return
	}
	w.Walk = func(ctx context.Context, fn func(int, *Entry) error) error {
		// Each entry is credited once, before any feed has it: a feed may
		// be reading it while the walk goes on to the next. The entries of
		// one story (one per primary item) come one after the other.
		var story string
		var credited []*Entry
		return ss.SelectEachOf(ctx, shared, func(i int, e *Entry) error {
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
func creditAll(e *Entry, bySource map[string]*Source) {
	credit(&e.Source, bySource)
	for j := range e.Via {
		credit(&e.Via[j].Source, bySource)
	}
}

// credit names a source as the OPML does, falling back to what its feed
// says about itself.
func credit(ref *SourceRef, bySource map[string]*Source) {
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

func (c *Collection) feedTitle(out Output) string {
	title := c.Title
	if title == "" {
		title = "feedloom"
	}
	if out.Kind == KindAll {
		return title
	}
	return title + ": " + strings.ReplaceAll(out.Name, "/", " / ")
}

func (c *Collection) topic(slug string) *Topic {
	for i := range c.Topics {
		if c.Topics[i].Slug == slug {
			return &c.Topics[i]
		}
	}
	return nil
}

func urlsOf(ss []*Source) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.URL
	}
	return out
}

// PrepareTopics builds the membership of every topic whose query (or scope)
// is new to the store, and drops the memberships of queries no longer in
// the OPML. Editing a query therefore re-filters the whole history.
func PrepareTopics(ctx context.Context, st Store, c *Collection) error {
	bySource := c.SourcesByURL()
	var keep []TopicKey
	for i := range c.Topics {
		t := &c.Topics[i]
		key := c.TopicKey(t)
		keep = append(keep, key)
		built, err := st.TopicBuilt(ctx, key)
		if err != nil {
			return err
		}
		if built || t.Matcher == nil {
			continue
		}
		_, err = st.BuildTopic(ctx, key, func(it *Item) bool {
			src := bySource[it.SourceURL]
			return t.Covers(src) && t.Matcher.Match(PrepareItem(src, it))
		})
		if err != nil {
			return fmt.Errorf("topic %q: %w", t.Name, err)
		}
	}
	return st.DropTopics(ctx, keep)
}
