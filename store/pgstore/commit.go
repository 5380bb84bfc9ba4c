package pgstore

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
)

// Commit writes a batch of source results: each source's state, and each
// parsed item as new, updated in place, or joined to an existing story.
// Each source's result is stored whole in a transaction of its own, so
// that concurrent refreshers collide on one source at most; an error
// leaves the sources before it stored and the rest not.
func (db *DB) Commit(ctx context.Context, results []*aggregator.SourceResult) (aggregator.CommitStats, error) {
	var total aggregator.CommitStats
	if err := ctx.Err(); err != nil {
		return total, err
	}
	opts := fold.Options{NearDup: db.opts.NearDup, Window: db.opts.Window, Now: db.opts.Now().UTC()}
	for _, r := range results {
		st, err := db.commitSource(ctx, r, opts)
		if err != nil {
			return total, fmt.Errorf("commit %s to %s: %w", r.State.URL, db.path, err)
		}
		total.Add(st)
	}
	return total, nil
}

// commitSource folds one result into the store.
func (db *DB) commitSource(ctx context.Context, r *aggregator.SourceResult, opts fold.Options) (aggregator.CommitStats, error) {
	var stats aggregator.CommitStats
	var items []aggregator.Incoming
	err := db.update(ctx, func(w *writer) error {
		// fold settles the items' identities in place: each attempt
		// starts from the caller's items as they came.
		attempt := *r
		items = slices.Clone(r.Items)
		attempt.Items = items
		if err := w.preload(&attempt); err != nil {
			return err
		}
		var err error
		if stats, err = fold.Source(w, &attempt, opts); err != nil {
			return err
		}
		// The source's lease, if it had one, ends: it is next due at
		// its NextDue (or now, when the state names no time).
		if err := w.write(`UPDATE leases SET owner = NULL, until = coalesce($2, now()), polled = now() WHERE url = $1`,
			r.State.URL, nullTime(r.State.NextDue)); err != nil {
			return err
		}
		if r.Parsed {
			// A parsed document can change items and the feed's own
			// title; 304s and failures change only source health.
			return w.bumpGeneration(aggregator.SourceIDOf(r.State.URL))
		}
		return nil
	})
	if err != nil {
		return aggregator.CommitStats{}, err
	}
	copy(r.Items, items) // the caller's items leave with their identities, as from the bbolt store
	return stats, nil
}

// nullTime is t, or NULL for the zero time.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
