package aggregator

import (
	"context"
	"fmt"
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

// Topic returns the topic whose output has slug, or nil.
func (c *Collection) Topic(slug string) *Topic {
	for i := range c.Topics {
		if c.Topics[i].Slug == slug {
			return &c.Topics[i]
		}
	}
	return nil
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
