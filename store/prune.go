package store

import (
	"bytes"
	"context"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	bolt "go.etcd.io/bbolt"
)

// Prune removes the stories older than opts.Before, except each source's
// newest opts.KeepMin stories and the stories of each source's last
// parsed document (an item its feed still lists would otherwise return as
// new on the next poll). A story goes with all its items and every index
// entry that names them, in transactions of opts.Batch stories; each
// leaves a consistent database. Sources' ItemsStored counts follow.
func (db *DB) Prune(ctx context.Context, opts aggregator.PruneOptions) (aggregator.PruneStats, error) {
	defer db.releaseMapping()
	var total aggregator.PruneStats
	if opts.Before.IsZero() {
		return total, nil
	}
	if opts.Batch <= 0 {
		opts.Batch = 2000
	}
	var keep map[fold.StoryID]bool
	err := db.view(func(tx *bolt.Tx) error {
		keep = protected(tx, opts.KeepMin)
		return nil
	})
	if err != nil {
		return total, fmt.Errorf("prune %s: %w", db.path, err)
	}
	cut := fold.TimeKey(opts.Before)
	// Most runs have nothing to prune; finding that out costs a read
	// transaction, not a write one and its fsync.
	var due bool
	err = db.view(func(tx *bolt.Tx) error {
		byTime := tx.Bucket(bucketByTime)
		sids, _, _ := pruneCandidates(byTime, nil, cut, keep, 1)
		due = len(sids) > 0 || tailDue(byTime, cut, keep)
		return nil
	})
	if err != nil || !due {
		return total, err
	}
	var from []byte // the bytime key to resume at
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		var n aggregator.PruneStats
		done := false
		err := db.update(func(tx *bolt.Tx) error {
			n = aggregator.PruneStats{}
			w := newWriter(tx, db)
			// The walk is in time order: the stories waiting in the
			// time index's tail (tails.go) take their places first.
			if err := mergeTail(w.byTime, timeMainKey); err != nil {
				return err
			}
			var sids []fold.StoryID
			sids, from, done = pruneCandidates(w.byTime, from, cut, keep, opts.Batch)
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
				if err := bumpGeneration(tx); err != nil {
					return err
				}
			}
			return adjustStored(tx, removed)
		})
		if err != nil {
			return total, fmt.Errorf("prune %s: %w", db.path, err)
		}
		total.Stories += n.Stories
		total.Items += n.Items
		if done {
			return total, nil
		}
	}
}

// pruneCandidates walks the time index from key from (the start when
// nil) and returns up to max stories older than cut that keep does not
// protect, the key to resume at, and whether the walk reached cut.
func pruneCandidates(byTime *bolt.Bucket, from []byte, cut uint64, keep map[fold.StoryID]bool, limit int) ([]fold.StoryID, []byte, bool) {
	c := byTime.Cursor()
	var k []byte
	if from == nil {
		k, _ = c.First()
	} else {
		k, _ = c.Seek(from)
	}
	var out []fold.StoryID
	// Bound the keys examined too, so a long run of protected stories
	// does not make one transaction scan the whole index.
	for examined := 0; k != nil; k, _ = c.Next() {
		if be64(k) >= cut {
			return out, nil, true
		}
		if len(out) == limit || examined == 20*limit {
			return out, bytes.Clone(k), false
		}
		examined++
		if sid := fold.StoryID(be64(k[8:])); !keep[sid] {
			out = append(out, sid)
		}
	}
	return out, nil, true
}

// tailDue reports whether the time index's tail holds a story older than
// cut that keep does not protect.
func tailDue(byTime *bolt.Bucket, cut uint64, keep map[fold.StoryID]bool) bool {
	if byTime.Sequence() == 0 {
		return false
	}
	c := byTime.Cursor()
	for k, _ := c.Seek(u64(tailLead)); k != nil; k, _ = c.Next() {
		if isTailKey(k) && be64(k[16:]) < cut && !keep[fold.StoryID(be64(k[8:16]))] {
			return true
		}
	}
	return false
}

// protected returns each source's newest keepMin stories, which no prune
// removes. (The stories of each source's last document are protected too,
// but checked in each transaction, since a commit between two prune
// transactions may list an old story again.)
func protected(tx *bolt.Tx, keepMin int) map[fold.StoryID]bool {
	keep := map[fold.StoryID]bool{}
	if keepMin <= 0 {
		return keep
	}
	b := tx.Bucket(bucketBySource)
	next := b.Cursor()
	for k, _ := next.First(); k != nil; {
		prefix := bytes.Clone(k[:8])
		c := b.Cursor()
		for pk, n := seekLast(c, prefix), 0; pk != nil && bytes.HasPrefix(pk, prefix) && n < keepMin; pk, _ = c.Prev() {
			keep[fold.StoryID(be64(pk[16:]))] = true
			n++
		}
		if be64(prefix) == ^uint64(0) {
			break
		}
		k, _ = next.Seek(u64(be64(prefix) + 1))
	}
	return keep
}

// adjustStored lowers the sources' ItemsStored by the items removed.
func adjustStored(tx *bolt.Tx, removed map[string]int) error {
	for url, n := range removed {
		st, err := getState(nil, tx, url)
		if err != nil {
			return err
		}
		if st == nil {
			continue
		}
		st.ItemsStored = max(st.ItemsStored-n, 0)
		if err := putState(nil, tx, st); err != nil {
			return err
		}
	}
	return nil
}
