package app

import (
	"context"
	"fmt"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/output"
	"github.com/feedloom/feedloom/store"
)

// Content is a site as the store and the collection make it: every output
// of the collection with its newest entries within the limits. It is the
// output.Content that Publish hands to output.PublishContent.
type Content struct {
	DB     *store.DB
	Col    *aggregator.Collection
	Limits aggregator.OutputLimits
	// Now is the clock MaxAge counts from; nil means time.Now.
	Now func() time.Time
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
	feeds, err := aggregator.Feeds(ctx, c.DB, c.Col, c.Limits, now())
	if err != nil {
		return nil, err
	}
	return &output.Site{Title: c.Col.Title, Owner: c.Col.Owner, Feeds: feeds}, nil
}

// Publish renders every output of c into dir, unless dir already holds
// the same publish (see output.PublishContent; opts.Force renders anyway).
func Publish(ctx context.Context, c *Content, dir string, opts output.Options) (*output.Report, error) {
	// Reading every source's record checks each one's checksum, key
	// included: a damaged source record would otherwise only go missing
	// from the outputs. There is one per source, so this costs little.
	if _, err := c.DB.SourceStates(ctx); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	rep, err := output.PublishContent(ctx, dir, c, opts)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	return rep, nil
}
