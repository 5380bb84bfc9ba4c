package pgstore

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/jackc/pgx/v5"
)

// Prune removes the stories older than opts.Before, except each source's
// newest opts.KeepMin stories and the stories of each source's last
// parsed document (an item its feed still lists would otherwise return as
// new on the next poll). A story goes with all its items and every index
// entry that names them, in transactions of opts.Batch stories; each
// leaves a consistent database. Sources' ItemsStored counts follow.
func (db *DB) Prune(ctx context.Context, opts aggregator.PruneOptions) (aggregator.PruneStats, error) {
	var total aggregator.PruneStats
	if opts.Before.IsZero() {
		return total, nil
	}
	if opts.Batch <= 0 {
		opts.Batch = 2000
	}
	keep, err := db.protected(ctx, opts.KeepMin)
	if err != nil {
		return total, fmt.Errorf("prune %s: %w", db.path, err)
	}
	cut := timeCol(fold.TimeKey(opts.Before))
	// Most runs have nothing to prune; finding that out costs one query.
	var due bool
	err = db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM stories WHERE time < $1 AND NOT (id = ANY($2)))`, cut, keep).Scan(&due)
	if err != nil || !due {
		if err != nil {
			err = fmt.Errorf("prune %s: %w", db.path, err)
		}
		return total, err
	}
	from := indexKey{t: math.MinInt64, id: math.MinInt64} // the (time, id) the next batch starts after
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		var n aggregator.PruneStats
		var next indexKey
		done := false
		err := db.update(ctx, func(w *writer) error {
			n, next = aggregator.PruneStats{}, from
			var sids []fold.StoryID
			err := w.read(`SELECT time, id FROM stories
				WHERE time < $1 AND (time, id) > ($2, $3) AND NOT (id = ANY($4))
				ORDER BY time, id LIMIT $5`,
				[]any{cut, from.t, from.id, keep, opts.Batch}, func(rows pgx.Rows) error {
					err := rows.Scan(&next.t, &next.id)
					sids = append(sids, fold.StoryID(next.id))
					return err
				})
			if err != nil {
				return err
			}
			done = len(sids) < opts.Batch
			if err := w.loadForPrune(sids); err != nil {
				return err
			}
			removed := map[string]int{}
			for _, sid := range sids {
				items, err := fold.Remove(w, sid, removed)
				if err != nil {
					return err
				}
				if items > 0 {
					n.Stories++
					n.Items += items
				}
			}
			if n.Stories > 0 {
				if err := w.bumpGeneration(aggregator.SourceID(rand.Uint64())); err != nil {
					return err
				}
			}
			return w.adjustStored(removed)
		})
		if err != nil {
			return total, fmt.Errorf("prune %s: %w", db.path, err)
		}
		total.Stories += n.Stories
		total.Items += n.Items
		if done {
			return total, nil
		}
		from = next
	}
}

// protected returns each source's newest keepMin stories, which no prune
// removes. (The stories of each source's last document are protected too,
// but checked in each transaction, since a commit between two prune
// transactions may list an old story again.)
func (db *DB) protected(ctx context.Context, keepMin int) ([]int64, error) {
	keep := []int64{}
	if keepMin <= 0 {
		return keep, nil
	}
	err := db.view(ctx, func(tx pgx.Tx) error {
		return each(ctx, tx, `SELECT DISTINCT story FROM (
				SELECT story, row_number() OVER (PARTITION BY source ORDER BY time DESC, story DESC) AS n
				FROM bysource
			) AS ranked WHERE n <= $1`, []any{keepMin}, func(rows pgx.Rows) error {
			var id int64
			err := rows.Scan(&id)
			keep = append(keep, id)
			return err
		})
	})
	return keep, err
}

// loadForPrune reads, in two round trips, what pruning stories sids
// reads: the stories, the current documents of their sources, their
// items, and the identity and URL entries of those.
func (w *writer) loadForPrune(sids []fold.StoryID) error {
	w.loadStories(int64s(sids))
	if err := w.send(); err != nil {
		return err
	}
	var seqs, srcs []int64
	for _, sid := range sids {
		if s := w.stories[sid]; s != nil {
			for _, m := range s.Members {
				seqs = append(seqs, int64(m.Seq))
				srcs = append(srcs, int64(m.Source))
			}
		}
	}
	w.loadItems(seqs)
	w.loadCurrent(srcs)
	if err := w.send(); err != nil {
		return err
	}
	hashes := map[aggregator.SourceID][]int64{}
	var canonical, urls []string
	for _, seq := range seqs {
		rec := w.items[uint64(seq)]
		if rec == nil {
			continue
		}
		it := &rec.Item
		src := aggregator.SourceIDOf(it.SourceURL)
		for _, k := range []string{it.Identity, aggregator.GUIDIdentity(it), aggregator.LinkIdentity(it)} {
			if k != "" {
				hashes[src] = append(hashes[src], identHash(k))
			}
		}
		if it.CanonicalURL != "" {
			canonical = append(canonical, it.CanonicalURL)
		}
		urls = append(urls, it.SourceURL)
	}
	for src, hs := range hashes {
		w.loadIdents(src, hs)
	}
	w.loadURLs(canonical)
	w.loadStates(urls)
	return w.send()
}

// adjustStored lowers the sources' ItemsStored by the items removed.
func (w *writer) adjustStored(removed map[string]int) error {
	for url, n := range removed {
		st, err := w.State(url)
		if err != nil {
			return err
		}
		if st == nil {
			continue
		}
		st.ItemsStored = max(st.ItemsStored-n, 0)
		if err := w.PutState(st); err != nil {
			return err
		}
	}
	return nil
}
