package store

import (
	"context"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	bolt "go.etcd.io/bbolt"
)

// maxTxNodes bounds the B+tree nodes one transaction of Commit rewrites
// once the file is larger than twice mappingBudget. Committing reads the
// old page of every rewritten node, and with the kernel's fault-around
// each read maps up to 64 KiB of the file into the process, so a
// transaction of a large batch into a large store would otherwise hold
// hundreds of MB resident while it commits. Past the bound, Commit
// finishes the source at hand, commits and goes on in a new transaction.
// Smaller files are committed in one transaction per batch: the mapping
// cannot outgrow them, and every extra commit rewrites the index pages
// the batch shares.
const maxTxNodes = mappingBudget / (64 << 10)

// Commit writes a batch of source results: each source's state, and each
// parsed item as new, updated in place, or joined to an existing story.
// A source's result is always stored whole, in one transaction; a large
// batch is split into several transactions between sources (see
// maxTxNodes), so an error can leave the first sources of the batch stored
// and the rest not, each consistently.
func (db *DB) Commit(ctx context.Context, results []*aggregator.SourceResult) (aggregator.CommitStats, error) {
	defer db.releaseMapping()
	var total aggregator.CommitStats
	if err := ctx.Err(); err != nil {
		return total, err
	}
	for len(results) > 0 {
		n, st, err := db.commitSome(results)
		if err != nil {
			return total, err
		}
		total.Add(st)
		results = results[n:]
		if len(results) > 0 {
			db.releaseMapping()
		}
	}
	return total, nil
}

// commitSome stores results in one transaction, stopping after the source
// at which the transaction has touched maxTxNodes nodes of a file larger
// than twice mappingBudget, and returns how many results it stored.
func (db *DB) commitSome(results []*aggregator.SourceResult) (int, aggregator.CommitStats, error) {
	var total aggregator.CommitStats
	done := 0
	err := db.update(func(tx *bolt.Tx) error {
		total = aggregator.CommitStats{}
		w := newWriter(tx, db)
		opts := db.foldOptions(db.opts.Now())
		parsed := false
		done = 0
		for _, r := range results {
			if stats := tx.Stats(); done > 0 && tx.Size() > 2*mappingBudget && stats.GetNodeCount() > maxTxNodes {
				break
			}
			done++
			parsed = parsed || r.Parsed
			st, err := fold.Source(w, r, opts)
			if err != nil {
				return err
			}
			total.Add(st)
		}
		if err := mergeFresh(w.near); err != nil {
			return err
		}
		if err := mergeIndexTails(w); err != nil {
			return err
		}
		if tx.Size() > mappingBudget {
			// Commit starts from an empty mapping (see maxTxNodes).
			db.releaseTx(tx)
		}
		if parsed {
			// A parsed document can change items and the feed's own
			// title; 304s and failures change only source health.
			return bumpGeneration(tx)
		}
		return nil
	})
	if err != nil {
		return 0, aggregator.CommitStats{}, fmt.Errorf("commit to %s: %w", db.path, err)
	}
	return done, total, nil
}
