package store

import (
	"context"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	bolt "go.etcd.io/bbolt"
)

// EachStory calls fn with the items of every stored story, first-seen
// first, inside one read transaction, in story-key order. It reads the
// whole store: it is for diagnostics and tests (comparing two stores'
// contents), not for publishing.
func (db *DB) EachStory(ctx context.Context, fn func(items []aggregator.Item) error) error {
	defer db.releaseMapping()
	err := db.view(func(tx *bolt.Tx) error {
		items := tx.Bucket(bucketItems)
		return tx.Bucket(bucketStories).ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			story, err := decode[fold.Story](k, v, "story")
			if err != nil {
				return err
			}
			out, err := memberItems(items, story)
			if err != nil {
				return err
			}
			return fn(out)
		})
	})
	if err != nil {
		return fmt.Errorf("read stories of %s: %w", db.path, err)
	}
	return nil
}

// memberItems reads the items of story from the items bucket, first-seen
// first.
func memberItems(items *bolt.Bucket, story *fold.Story) ([]aggregator.Item, error) {
	out := make([]aggregator.Item, 0, len(story.Members))
	for _, m := range story.Members {
		iv := items.Get(u64(m.Seq))
		if iv == nil {
			return nil, errDamaged("story points at missing item")
		}
		rec, err := decode[fold.ItemRecord](u64(m.Seq), iv, "item")
		if err != nil {
			return nil, err
		}
		out = append(out, rec.Item)
	}
	return out, nil
}
