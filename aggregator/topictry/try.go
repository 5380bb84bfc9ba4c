package topictry

import (
	"cmp"
	"context"
	"runtime"
	"slices"
	"sync"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/query"
	"golang.org/x/sync/errgroup"
)

// ItemReader is what `feedloom topics test` and `topics explain` read from
// a store: every item, and the items behind one link.
type ItemReader interface {
	// EachItem calls fn with every stored item; fn may keep it.
	EachItem(ctx context.Context, fn func(*aggregator.Item) error) error
	// ItemsByLink returns the items whose link, or canonical URL, is link's.
	ItemsByLink(ctx context.Context, link string) ([]aggregator.Item, error)
}

// QueryMatch is a stored item that a query matches, with its source.
type QueryMatch struct {
	Item   aggregator.Item
	Source *aggregator.Source
}

// QueryTrial is what `feedloom topics test` shows: the stored items a
// query matches.
type QueryTrial struct {
	// Matches are the newest matching items, newest first.
	Matches []QueryMatch
	// Matched is how many items matched in all; Read how many were read.
	Matched, Read int
}

// TryQuery matches q against every stored item of the collection's
// sources (of category scope only, when scope is set), exactly as a topic
// with that query and scope would, and keeps the newest limit matches (all
// of them when limit is 0). Items of sources no longer in the OPML are not
// counted: no output could show them.
func TryQuery(ctx context.Context, st ItemReader, c *aggregator.Collection, q *query.Query, scope string, limit int) (*QueryTrial, error) {
	t := &aggregator.Topic{Scope: scope, Matcher: q}
	bySource := c.SourcesByURL()
	var mu sync.Mutex
	res := &QueryTrial{}
	trim := func() {
		slices.SortFunc(res.Matches, newerFirst)
		if limit > 0 && len(res.Matches) > limit {
			clear(res.Matches[limit:])
			res.Matches = res.Matches[:limit]
		}
	}
	g, ctx := errgroup.WithContext(ctx)
	items := make(chan *aggregator.Item, 256)
	g.Go(func() error {
		defer close(items)
		return st.EachItem(ctx, func(it *aggregator.Item) error {
			if !t.Covers(bySource[it.SourceURL]) {
				return nil
			}
			select {
			case items <- it:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	})
	// Preparing an item is the costly part: spread it over the cores.
	for range runtime.GOMAXPROCS(0) {
		g.Go(func() error {
			for it := range items {
				src := bySource[it.SourceURL]
				matched := q.Match(aggregator.PrepareItem(src, it))
				mu.Lock()
				res.Read++
				if matched {
					res.Matched++
					res.Matches = append(res.Matches, QueryMatch{Item: *it, Source: src})
					if limit > 0 && len(res.Matches) >= 2*limit+64 {
						trim()
					}
				}
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	trim()
	return res, nil
}

// newerFirst orders matches newest first, ties broken by source and
// identity so that the order never depends on timing.
func newerFirst(a, b QueryMatch) int {
	if c := b.Item.Published.Compare(a.Item.Published); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Item.SourceURL, b.Item.SourceURL); c != 0 {
		return c
	}
	return cmp.Compare(a.Item.Identity, b.Item.Identity)
}

// Explained is a stored item with the reason a query matches it or not.
type Explained struct {
	Item aggregator.Item
	// Source is the item's source; nil when it is no longer in the OPML,
	// in which case no topic reads the item.
	Source *aggregator.Source
	// Covered is false when the topic's scope leaves the item's source
	// out: the query is explained all the same, but the topic would not
	// show the item.
	Covered bool
	// Explanation says which terms matched in which field.
	Explanation *query.Explanation
}

// ExplainQuery finds the stored items behind link (by their link or
// canonical URL) and explains, for each, why q matches it or not. It
// returns no items when none is stored under link.
func ExplainQuery(ctx context.Context, st ItemReader, c *aggregator.Collection, q *query.Query, scope, link string) ([]Explained, error) {
	items, err := st.ItemsByLink(ctx, link)
	if err != nil {
		return nil, err
	}
	t := &aggregator.Topic{Scope: scope, Matcher: q}
	bySource := c.SourcesByURL()
	out := make([]Explained, 0, len(items))
	for _, it := range items {
		src := bySource[it.SourceURL]
		out = append(out, Explained{
			Item:        it,
			Source:      src,
			Covered:     t.Covers(src),
			Explanation: q.Explain(aggregator.PrepareItem(src, &it)),
		})
	}
	return out, nil
}
