package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	bolt "go.etcd.io/bbolt"
)

// MoveSource carries a source that moved for good from URL from to URL to:
// its state (st, stored under to; the old one removed), its items (their
// source URL), their identity keys, its per-source index and its current
// document, all re-keyed to the new URL's source id, in one transaction.
// Stories keep their ids and their output ids (hashed from the first
// item's source when it was stored), so readers see the same entries, and
// later polls of the new URL find every item under its identity instead of
// storing it again.
func (db *DB) MoveSource(ctx context.Context, from, to string, st aggregator.SourceState) error {
	oldID, newID := aggregator.SourceIDOf(from), aggregator.SourceIDOf(to)
	if oldID == newID {
		return nil
	}
	err := db.update(func(tx *bolt.Tx) error {
		bySource, ident := tx.Bucket(bucketBySource), tx.Bucket(bucketIdent)
		oldPrefix, newPrefix := u64(uint64(oldID)), u64(uint64(newID))
		for _, b := range []*bolt.Bucket{bySource, ident} {
			if k, _ := b.Cursor().Seek(newPrefix); k != nil && bytes.HasPrefix(k, newPrefix) {
				return fmt.Errorf("move %s to %s: %w", from, to, aggregator.ErrMoveTarget)
			}
		}
		// Re-key the per-source index and collect the source's stories.
		var sids []fold.StoryID
		if err := rekey(bySource, oldPrefix, newPrefix, func(k []byte) { sids = append(sids, fold.StoryID(be64(k[16:]))) }); err != nil {
			return err
		}
		if err := rekey(ident, oldPrefix, newPrefix, nil); err != nil {
			return err
		}
		if v := tx.Bucket(bucketCurrent).Get(oldPrefix); v != nil {
			cur := slices.Clone(v)
			if err := tx.Bucket(bucketCurrent).Delete(oldPrefix); err != nil {
				return err
			}
			if err := tx.Bucket(bucketCurrent).Put(newPrefix, cur); err != nil {
				return err
			}
		}
		w := newWriter(tx, db)
		for _, sid := range sids {
			if err := ctx.Err(); err != nil {
				return err
			}
			story, err := w.Story(sid)
			if err != nil {
				return err
			}
			if story == nil {
				return errDamaged("source index points at missing story")
			}
			for i, m := range story.Members {
				if m.Source != oldID {
					continue
				}
				story.Members[i].Source = newID
				if err := moveItem(w, tx.Bucket(bucketSigs), m.Seq, newID, to); err != nil {
					return err
				}
			}
			if err := w.PutStory(sid, story); err != nil {
				return err
			}
		}
		st.URL = to
		if err := putState(nil, tx, &st); err != nil {
			return err
		}
		if err := tx.Bucket(bucketSources).Delete([]byte(from)); err != nil {
			return err
		}
		return bumpGeneration(tx)
	})
	if err != nil {
		return fmt.Errorf("move source in %s: %w", db.path, err)
	}
	return nil
}

// moveItem gives item seq its new source URL and re-keys its signature.
func moveItem(w *writer, sigs *bolt.Bucket, seq uint64, newID aggregator.SourceID, to string) error {
	rec, err := w.Item(seq)
	if err != nil {
		return err
	}
	if rec == nil {
		return errDamaged("story points at missing item")
	}
	rec.Item.SourceURL = to
	if err := w.PutItem(seq, rec); err != nil {
		return err
	}
	if v := sigs.Get(u64(seq)); v != nil {
		_, sig, err := decodeSig(v)
		if err != nil {
			return err
		}
		return w.PutSignature(seq, newID, &sig)
	}
	return nil
}

// rekey moves every key of b under prefix from to prefix to, values kept;
// seen, when set, is called with each old key. Keys are collected first:
// a bucket is not changed under a running cursor.
func rekey(b *bolt.Bucket, from, to []byte, seen func(k []byte)) error {
	type kv struct{ k, v []byte }
	var moved []kv
	c := b.Cursor()
	for k, v := c.Seek(from); k != nil && bytes.HasPrefix(k, from); k, v = c.Next() {
		moved = append(moved, kv{slices.Clone(k), slices.Clone(v)})
	}
	for _, e := range moved {
		if seen != nil {
			seen(e.k)
		}
		if err := b.Delete(e.k); err != nil {
			return err
		}
		nk := append(slices.Clone(to), e.k[len(from):]...)
		if err := b.Put(nk, e.v); err != nil {
			return err
		}
	}
	return nil
}
