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

// TopicBuilt reports whether the membership of topic key has been built
// over the whole store (after which Commit keeps it current).
func (db *DB) TopicBuilt(ctx context.Context, key aggregator.TopicKey) (bool, error) {
	var ok bool
	err := db.view(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketTopicMeta).Get(u64(uint64(key))) != nil
		return nil
	})
	return ok, err
}

// BuildTopic evaluates match over every stored item and records which
// stories belong to topic key. It runs once per query text (a new query
// has a new key); the cost is one pass over the store.
func (db *DB) BuildTopic(ctx context.Context, key aggregator.TopicKey, match func(*aggregator.Item) bool) (int, error) {
	defer db.releaseMapping()
	stories := map[fold.StoryID]bool{}
	err := db.update(func(tx *bolt.Tx) error {
		clear(stories)
		topics := tx.Bucket(bucketTopics)
		if err := deletePrefix(topics, u64(uint64(key))); err != nil {
			return err
		}
		items, storyB := tx.Bucket(bucketItems), tx.Bucket(bucketStories)
		// First pass: match. Records whose topic list changes are rewritten
		// afterwards, since a bucket must not change under a live cursor.
		var changed []uint64
		c := items.Cursor()
		n := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			if n++; n%1024 == 0 {
				db.releaseTx(tx)
			}
			rec, err := decode[fold.ItemRecord](k, v, "item")
			if err != nil {
				return err
			}
			matched := match(&rec.Item)
			if matched {
				stories[rec.Story] = true
			}
			if matched != slices.Contains(rec.Topics, key) {
				changed = append(changed, be64(k))
			}
		}
		for _, seq := range changed {
			rec, err := decode[fold.ItemRecord](u64(seq), items.Get(u64(seq)), "item")
			if err != nil {
				return err
			}
			if i := slices.Index(rec.Topics, key); i >= 0 {
				rec.Topics = slices.Delete(rec.Topics, i, i+1)
			} else {
				rec.Topics = append(rec.Topics, key)
			}
			v, err := encode(u64(seq), rec)
			if err != nil {
				return err
			}
			if err := items.Put(u64(seq), v); err != nil {
				return err
			}
		}
		for sid := range stories {
			sv := storyB.Get(u64(uint64(sid)))
			if sv == nil {
				return errDamaged("item points at missing story")
			}
			s, err := decode[fold.Story](u64(uint64(sid)), sv, "story")
			if err != nil {
				return err
			}
			if err := topics.Put(key3(uint64(key), s.Time, sid), nil); err != nil {
				return err
			}
		}
		if err := bumpGeneration(tx); err != nil {
			return err
		}
		return tx.Bucket(bucketTopicMeta).Put(u64(uint64(key)), []byte{1})
	})
	if err != nil {
		return 0, fmt.Errorf("build topic membership in %s: %w", db.path, err)
	}
	return len(stories), nil
}

// DropTopics forgets the membership of every topic not in keep: the
// indexes of edited or removed queries.
func (db *DB) DropTopics(ctx context.Context, keep []aggregator.TopicKey) error {
	stale := func(tx *bolt.Tx) [][]byte {
		var drop [][]byte
		tx.Bucket(bucketTopicMeta).ForEach(func(k, _ []byte) error {
			if !slices.Contains(keep, aggregator.TopicKey(be64(k))) {
				drop = append(drop, bytes.Clone(k))
			}
			return nil
		})
		return drop
	}
	// Look first: most publishes have nothing to drop, and a write
	// transaction costs an fsync even when it changes nothing.
	var any bool
	if err := db.view(func(tx *bolt.Tx) error { any = len(stale(tx)) > 0; return nil }); err != nil || !any {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketTopicMeta)
		for _, k := range stale(tx) {
			if err := deletePrefix(tx.Bucket(bucketTopics), k); err != nil {
				return err
			}
			if err := meta.Delete(k); err != nil {
				return err
			}
		}
		return bumpGeneration(tx)
	})
}

// deletePrefix deletes every key that starts with prefix, re-seeking after
// each delete (deleting under a cursor that then moves on skips keys).
func deletePrefix(b *bolt.Bucket, prefix []byte) error {
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
