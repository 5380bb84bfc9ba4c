package app

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/outputs"
	"github.com/feedloom/feedloom/output"
)

// Content is a site as the store and the collection make it: every output
// of the collection with its newest entries within the limits. It is the
// output.Content that Publish hands to output.PublishContent.
type Content struct {
	DB     Store
	Col    *aggregator.Collection
	Limits aggregator.OutputLimits
	// Now is the clock MaxAge counts from; nil means time.Now.
	Now func() time.Time
	// Say, when set, tells a person what Publish did beyond the usual
	// (with -v).
	Say func(format string, args ...any)
	// states, when set, are the source records Health shows, read already
	// (by Publish, or by the refresh that publishes).
	states map[string]aggregator.SourceState
}

// publishLocker is a store that several processes share: one of them
// publishes at a time (the PostgreSQL store's advisory lock).
type publishLocker interface {
	// LockPublish takes the store's publish lock, waiting while another
	// process holds it (busy says whether one did), and returns its
	// release.
	LockPublish(ctx context.Context) (release func(), busy bool, err error)
}

// Stamp implements output.Content: the store's change counter, the
// collection and the limits.
func (c *Content) Stamp(ctx context.Context) (string, error) {
	gen, err := c.DB.Generation(ctx)
	if err != nil {
		return "", err
	}
	return aggregator.ContentStamp(gen, c.Col, c.Limits), nil
}

// Site implements output.Content.
func (c *Content) Site(ctx context.Context) (*output.Site, error) {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	feeds, err := outputs.Feeds(ctx, c.DB, c.Col, c.Limits, now())
	if err != nil {
		return nil, err
	}
	return &output.Site{Title: c.Col.Title, Owner: c.Col.Owner, Feeds: feeds}, nil
}

// Publish renders every output of c into dir, unless dir already holds
// the same publish (see output.PublishContent; opts.Force renders anyway).
func Publish(ctx context.Context, c *Content, dir string, opts output.Options) (*output.Report, error) {
	states := c.states
	if l, ok := c.DB.(publishLocker); ok {
		states = nil // another process may have refreshed before this one got the lock
		release, busy, err := l.LockPublish(ctx)
		if err != nil {
			return nil, fmt.Errorf("publish: %w", err)
		}
		defer release()
		if busy && c.Say != nil {
			// What the other process published is usually all there is:
			// the stamp then says so and this publish writes nothing.
			c.Say("another process was publishing from %s; waited for it", c.DB.Path())
		}
	}
	// Reading every source's record checks each one's checksum, key
	// included: a damaged source record would otherwise only go missing
	// from the outputs. There is one per source, and the health page shows
	// the same records, so they are read once for both (a refresh hands
	// over the ones it read after polling).
	if states == nil {
		var err error
		if states, err = c.DB.SourceStates(ctx); err != nil {
			return nil, fmt.Errorf("publish: %w", err)
		}
	}
	read := *c
	read.states = states
	rep, err := output.PublishContent(ctx, dir, &read, opts)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	return rep, nil
}

// Health implements output.Content: every source of the collection as the
// status table describes it, as of the last poll of any of them (so that
// the page reads the same for the same store).
func (c *Content) Health(ctx context.Context) (*output.Health, error) {
	states := c.states
	if states == nil {
		var err error
		if states, err = c.DB.SourceStates(ctx); err != nil {
			return nil, err
		}
	}
	var refreshed time.Time
	for i := range c.Col.Sources {
		if st, ok := states[c.Col.Sources[i].URL]; ok && st.LastAttempt.After(refreshed) {
			refreshed = st.LastAttempt
		}
	}
	rows := Status(c.Col, states, refreshed)
	h := &output.Health{SiteTitle: c.Col.Title, Refreshed: refreshed, Sources: make([]output.SourceHealth, 0, len(rows))}
	for _, r := range rows {
		state, next, problem := r.cells(refreshed)
		h.Sources = append(h.Sources, output.SourceHealth{
			Name: nameOf(&r), URL: r.URL, SiteURL: cmp.Or(c.Col.Sources[r.order].SiteURL, r.SiteURL), Kind: r.State, State: state,
			LastSuccess: r.LastSuccess, HTTP: r.LastStatus, Items: r.ItemsStored, Next: next, Problem: problem,
		})
	}
	return h, nil
}
