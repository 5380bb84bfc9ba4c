package output

import (
	"context"

	"github.com/feedloom/feedloom/aggregator"
	"golang.org/x/sync/errgroup"
)

// sharedGroup is a shared walk (aggregator.SharedWalk) and the views it
// feeds: member[i] is the index in the site's views of the walk's feed i,
// or -1 when that feed is not rendered in one pass here.
type sharedGroup struct {
	walk   *aggregator.SharedWalk
	member []int
}

// sharedGroups finds the shared walks of two or more views rendered in
// one pass (publishing every stored item: "all" and each category), and
// which views they render. The other views read their own entries.
func sharedGroups(views []*feedView) ([]*sharedGroup, map[int]bool) {
	var groups []*sharedGroup
	byWalk := map[*aggregator.SharedWalk]*sharedGroup{}
	for i, v := range views {
		w := v.feed.Shared
		if w == nil || !v.onePass {
			continue
		}
		grp := byWalk[w]
		if grp == nil {
			grp = &sharedGroup{walk: w, member: make([]int, len(w.Feeds))}
			for j := range grp.member {
				grp.member[j] = -1
			}
			byWalk[w] = grp
			groups = append(groups, grp)
		}
		for j, f := range w.Feeds {
			if f == v.feed {
				grp.member[j] = i
			}
		}
	}
	grouped := map[int]bool{}
	kept := groups[:0]
	for _, grp := range groups {
		n := 0
		for _, i := range grp.member {
			if i >= 0 {
				n++
			}
		}
		if n < 2 {
			continue
		}
		for _, i := range grp.member {
			if i >= 0 {
				grouped[i] = true
			}
		}
		kept = append(kept, grp)
	}
	return kept, grouped
}

// renderShared renders the views of grp at once, each as renderOutput
// does, from one walk over the store: the walk hands each view its
// entries, fanBatch at a time, through a channel the view's own walk
// reads as its Source. All of them run together, as they must (the walk
// waits for the slowest); a view that fails stops the walk and the rest.
func renderShared(ctx context.Context, grp *sharedGroup, views []*feedView, stages []*stage, s *Site, o Options) error {
	g, gctx := errgroup.WithContext(ctx)
	b := newBatches[*aggregator.Entry](gctx, len(grp.member), func(j int) bool { return grp.member[j] >= 0 })
	for j, i := range grp.member {
		if i < 0 {
			continue
		}
		v := views[i]
		own := *v.feed
		own.Shared = nil
		own.Source = func(ctx context.Context, fn func(*aggregator.Entry) error) error {
			return b.read(ctx, j, fn)
		}
		v.feed = &own
		g.Go(func() error { return renderOutput(gctx, stages[i], s, v, o) })
	}
	g.Go(func() error { return b.end(grp.walk.Walk(gctx, b.add)) })
	return g.Wait()
}
