package store

import (
	"bytes"
	"context"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/canon"
	"github.com/feedloom/feedloom/aggregator/fold"
	bolt "go.etcd.io/bbolt"
)

// The read-only lookups here serve diagnostics (`feedloom topics test`,
// `topics explain`, `topics list`), not publishing: EachItem reads the
// whole store by design.

// EachItem calls fn with every stored item, oldest first (in the order
// they were stored), inside one read transaction. The item is fn's to
// keep. An error from fn, or the context ending, stops the walk and is
// returned.
func (db *DB) EachItem(ctx context.Context, fn func(*aggregator.Item) error) error {
	defer db.releaseMapping()
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketItems).Cursor()
		n := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if n++; n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				db.releaseTx(tx)
			}
			rec, err := decode[fold.ItemRecord](k, v, "item")
			if err != nil {
				return err
			}
			if err := fn(&rec.Item); err != nil {
				return err
			}
		}
		return ctx.Err()
	})
	if err != nil {
		return fmt.Errorf("read items of %s: %w", db.path, err)
	}
	return nil
}

// ItemsByLink returns the stored items whose link is link, or whose
// canonical URL is link's (so a link with tracking parameters, another
// scheme or a www. prefix finds the item too), in the order they were
// stored. The canonical-URL index answers directly; only when it finds
// nothing are all items read, for items stored without a canonical URL.
func (db *DB) ItemsByLink(ctx context.Context, link string) ([]aggregator.Item, error) {
	defer db.releaseMapping()
	canonical, _ := canon.URL(link)
	same := func(it *aggregator.Item) bool {
		return it.Link == link || (canonical != "" && it.CanonicalURL == canonical)
	}
	var out []aggregator.Item
	err := db.view(func(tx *bolt.Tx) error {
		if canonical == "" {
			return nil
		}
		sv := urlStory(tx.Bucket(bucketURLs), canonical)
		if sv == nil {
			return nil
		}
		v := tx.Bucket(bucketStories).Get(sv)
		if v == nil {
			return errDamaged("URL index points at missing story")
		}
		story, err := decode[fold.Story](sv, v, "story")
		if err != nil {
			return err
		}
		members, err := memberItems(tx.Bucket(bucketItems), story)
		if err != nil {
			return err
		}
		for _, it := range members {
			if same(&it) {
				out = append(out, it)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("look up %s in %s: %w", link, db.path, err)
	}
	if len(out) > 0 {
		return out, nil
	}
	err = db.EachItem(ctx, func(it *aggregator.Item) error {
		if same(it) {
			out = append(out, *it)
		}
		return nil
	})
	return out, err
}

// TopicSize returns the number of stories in topic key's membership and
// whether that membership has been built (a topic not yet built has none
// until the next publish builds it). It reads the membership index only.
func (db *DB) TopicSize(ctx context.Context, key aggregator.TopicKey) (stories int, built bool, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		prefix := u64(uint64(key))
		built = tx.Bucket(bucketTopicMeta).Get(prefix) != nil
		c := tx.Bucket(bucketTopics).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if stories++; stories%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, false, fmt.Errorf("count topic in %s: %w", db.path, err)
	}
	return stories, built, nil
}
