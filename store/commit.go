package store

import (
	"context"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	bolt "go.etcd.io/bbolt"
)

// Commit writes a batch of source results in one transaction: each
// source's state, and each parsed item as new, updated in place, or joined
// to an existing story. Either the whole batch is stored or none of it.
func (db *DB) Commit(ctx context.Context, results []*aggregator.SourceResult) (aggregator.CommitStats, error) {
	defer db.releaseMapping()
	var total aggregator.CommitStats
	if err := ctx.Err(); err != nil {
		return total, err
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		total = aggregator.CommitStats{}
		w := newWriter(tx, db)
		parsed := false
		for _, r := range results {
			st := r.State
			prev, err := getState(tx, st.URL)
			if err != nil {
				return err
			}
			stored := 0
			if prev != nil {
				stored = prev.ItemsStored
				if prev.Identity != aggregator.IdentityGUID {
					// The switch to links is for good, whatever the
					// caller's copy of the state says.
					st.Identity, st.IdentityReason = prev.Identity, prev.IdentityReason
				}
			}
			if r.Parsed {
				parsed = true
				src := aggregator.SourceIDOf(st.URL)
				if err := w.settleIdentity(src, &st, r.Items); err != nil {
					return fmt.Errorf("identify items of %s: %w", st.URL, err)
				}
				newItems := 0
				current := make([]storyID, 0, len(r.Items))
				for i := range r.Items {
					if w.ingested++; w.ingested%releaseEvery == 0 {
						db.releaseMapping()
					}
					res, sid, err := w.ingest(src, &r.Items[i])
					if err != nil {
						return fmt.Errorf("store item %q of %s: %w", r.Items[i].Item.Identity, st.URL, err)
					}
					current = append(current, sid)
					switch res {
					case ingestNew:
						newItems++
						total.New++
					case ingestMerged:
						newItems++
						total.New++
						total.Merged++
					case ingestUpdated:
						total.Updated++
					}
				}
				if err := w.putCurrent(src, current); err != nil {
					return err
				}
				st.ItemsNew = newItems
				stored += newItems
			}
			st.ItemsStored = stored
			if err := putState(tx, &st); err != nil {
				return err
			}
			total.Sources++
		}
		if parsed {
			// A parsed document can change items and the feed's own
			// title; 304s and failures change only source health.
			return bumpGeneration(tx)
		}
		return nil
	})
	if err != nil {
		return aggregator.CommitStats{}, fmt.Errorf("commit to %s: %w", db.path, err)
	}
	return total, nil
}
