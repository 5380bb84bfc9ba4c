package output

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/feedloom/feedloom/aggregator"
)

// scan builds the view of f: its header (prepare's checks and fallbacks)
// and the facts the documents' headers need about all its entries (count,
// newest dates, common language, podcast and media data), found in one
// walk over the entries that keeps none of them but the few the index
// page shows. Rendering walks them again (see walkEntries), so an output
// of any size is rendered in bounded memory; an output rendered in one
// pass finds the same facts as it renders (see renderOutput).
func scan(ctx context.Context, f *aggregator.Feed, o Options) (*feedView, error) {
	v, err := prepareHeader(f, o)
	if err != nil {
		return nil, err
	}
	fs := newFacts(v)
	memo := newMemo(f)
	err = walk(ctx, f, func(e *aggregator.Entry) error {
		memo.entry(e)
		ev := prepareEntry(e, v, o.KeepTracking)
		return fs.entry(&ev)
	}, func(h *aggregator.Headline) error {
		memo.headline(h)
		fs.headline()
		return nil
	})
	if err != nil {
		return nil, err
	}
	fs.done()
	if m := memo.feed(); m != nil {
		v.feed = m
	}
	return v, nil
}

// facts finds, entry by entry, what a view's headers need to know of all
// its entries, and checks the entries' ids.
type facts struct {
	v     *feedView
	seen  map[string]int
	langs languageCounter
}

func newFacts(v *feedView) *facts {
	return &facts{v: v, seen: map[string]int{}, langs: languageCounter{count: map[string]int{}}}
}

// entry notes a prepared entry.
func (fs *facts) entry(ev *entryView) error {
	v := fs.v
	i := v.Count
	if ev.ID == "" {
		return fmt.Errorf("output %q: entry %d (%q) has no id", v.Slug, i, ev.Title)
	}
	if j, dup := fs.seen[ev.ID]; dup {
		return fmt.Errorf("output %q: entries %d and %d share the id %q; every entry of an output needs its own id", v.Slug, j, i, ev.ID)
	}
	fs.seen[ev.ID] = i
	v.Count++
	if ev.Updated.After(v.Updated) {
		v.Updated = ev.Updated
	}
	if ev.Published.After(v.Newest) {
		v.Newest = ev.Published
	}
	fs.langs.add(ev.Language)
	if x, ok := newEpisodeXML(ev); ok && x.Thumbnail != nil {
		v.media = true
	}
	if ev.Podcast != nil {
		v.podcast = true
		v.channel.add(ev.Podcast)
	}
	v.keepLatest(ev)
	return nil
}

// headline notes an archived headline.
func (fs *facts) headline() { fs.v.Older++ }

// done completes the facts once every entry is noted.
func (fs *facts) done() { fs.v.Language = fs.langs.best }

// walkEntries calls entry with each of v's entries, prepared, newest
// first, and archived with each of its archived headlines as the archive
// page shows them (nil: none are read).
func walkEntries(ctx context.Context, v *feedView, entry func(*entryView) error, archived func(*itemCard) error) error {
	var onArchived func(*aggregator.Headline) error
	if archived != nil {
		onArchived = func(h *aggregator.Headline) error {
			c := archiveCard(h, v.keepTracking)
			return archived(&c)
		}
	}
	return walk(ctx, v.feed, func(e *aggregator.Entry) error {
		ev := prepareEntry(e, v, v.keepTracking)
		return entry(&ev)
	}, onArchived)
}

// keepLatest keeps what the index page may show of e: the first
// latestCount entries in order, and the newest latestCount by date.
func (v *feedView) keepLatest(e *entryView) {
	if len(v.first) < latestCount {
		v.first = append(v.first, *e)
	}
	i, _ := slices.BinarySearchFunc(v.top, e, func(a entryView, b *entryView) int { return newerFirst(&a, b) })
	if i < latestCount {
		v.top = slices.Insert(v.top, i, *e)
		if len(v.top) > latestCount {
			v.top = v.top[:latestCount]
		}
	}
}

// newerFirst orders entries newest first, ties by id.
func newerFirst(a, b *entryView) int {
	return cmp.Or(b.Published.Compare(a.Published), cmp.Compare(a.ID, b.ID))
}

// languageCounter finds the language most entries declare, the
// alphabetically first among equals.
type languageCounter struct {
	count map[string]int
	best  string
	n     int
}

func (c *languageCounter) add(l string) {
	if l == "" {
		return
	}
	c.count[l]++
	if k := c.count[l]; k > c.n || (k == c.n && l < c.best) {
		c.best, c.n = l, k
	}
}

// podcastFacts are the channel-level podcast data found over the episodes:
// the first author and artwork, whether any is explicit, and the first
// three categories.
type podcastFacts struct {
	author, image string
	explicit      bool
	categories    []string
}

func (p *podcastFacts) add(e *podcastView) {
	if p.author == "" {
		p.author = e.Author
	}
	if p.image == "" {
		p.image = e.Image
	}
	if e.Explicit == "true" {
		p.explicit = true
	}
	for _, c := range e.Categories {
		if len(p.categories) < 3 && !slices.Contains(p.categories, c) {
			p.categories = append(p.categories, c)
		}
	}
}
