package pgstore

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
)

// Commit writes a batch of source results in one transaction: each
// source's state, and each parsed item as new, updated in place, or
// joined to an existing story. Writers take turns (retry.go), so a batch
// commits with one round of locking and one flush to disk, as bbolt's
// does; an error stores none of it.
func (db *DB) Commit(ctx context.Context, results []*aggregator.SourceResult) (aggregator.CommitStats, error) {
	var total aggregator.CommitStats
	if err := ctx.Err(); err != nil {
		return total, err
	}
	opts := fold.Options{NearDup: db.opts.NearDup, Window: db.opts.Window, Now: db.opts.Now().UTC()}
	items := make([][]aggregator.Incoming, len(results))
	err := db.update(ctx, func(w *writer) error {
		total = aggregator.CommitStats{}
		for i, r := range results {
			// fold settles the items' identities in place: each attempt
			// starts from the caller's items as they came.
			attempt := *r
			items[i] = slices.Clone(r.Items)
			attempt.Items = items[i]
			st, err := db.commitSource(w, &attempt, opts)
			if err != nil {
				return fmt.Errorf("commit %s: %w", r.State.URL, err)
			}
			total.Add(st)
		}
		return nil
	})
	if err != nil {
		return aggregator.CommitStats{}, fmt.Errorf("commit to %s: %w", db.path, err)
	}
	for i, r := range results {
		copy(r.Items, items[i]) // the caller's items leave with their identities, as from the bbolt store
	}
	return total, nil
}

// commitSource folds one result into the store through w.
func (db *DB) commitSource(w *writer, r *aggregator.SourceResult, opts fold.Options) (aggregator.CommitStats, error) {
	if err := w.preload(r); err != nil {
		return aggregator.CommitStats{}, err
	}
	stats, err := fold.Source(w, r, opts)
	if err != nil {
		return stats, err
	}
	// The source's lease, if it had one, ends: it is next due at its
	// NextDue (or now, when the state names no time).
	if err := w.write(`UPDATE leases SET owner = NULL, until = coalesce($2, now()), polled = now() WHERE url = $1`,
		r.State.URL, nullTime(r.State.NextDue)); err != nil {
		return stats, err
	}
	if r.Parsed {
		// A parsed document can change items and the feed's own title;
		// 304s and failures change only source health.
		return stats, w.bumpGeneration(aggregator.SourceIDOf(r.State.URL))
	}
	return stats, nil
}

// nullTime is t, or NULL for the zero time.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
