package pgstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TopicBuilt reports whether the membership of topic key has been built
// over the whole store (after which Commit keeps it current).
func (db *DB) TopicBuilt(ctx context.Context, key aggregator.TopicKey) (bool, error) {
	var ok bool
	err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM topicmeta WHERE topic = $1)`, int64(key)).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("read topic in %s: %w", db.path, err)
	}
	return ok, nil
}

// BuildTopic evaluates match over every stored item and records which
// stories belong to topic key, and in each item record whether it
// matched. It runs once per query text (a new query has a new key); the
// cost is one pass over the store, in one transaction.
func (db *DB) BuildTopic(ctx context.Context, key aggregator.TopicKey, match func(*aggregator.Item) bool) (int, error) {
	var n int
	err := db.update(ctx, func(w *writer) error {
		stories := map[fold.StoryID]bool{}
		if err := w.write(`DELETE FROM topics WHERE topic = $1`, int64(key)); err != nil {
			return err
		}
		for after := int64(0); ; {
			if err := ctx.Err(); err != nil {
				return err
			}
			type row struct {
				seq int64
				rec *fold.ItemRecord
			}
			var page []row
			err := w.read(`SELECT seq, rec FROM items WHERE seq > $1 ORDER BY seq LIMIT 1000`, []any{after}, func(rows pgx.Rows) error {
				var r row
				var v []byte
				if err := rows.Scan(&r.seq, &v); err != nil {
					return err
				}
				var err error
				r.rec, err = decode[fold.ItemRecord](v, "item")
				page = append(page, r)
				return err
			})
			if err != nil {
				return err
			}
			if len(page) == 0 {
				break
			}
			after = page[len(page)-1].seq
			for _, r := range page {
				matched := match(&r.rec.Item)
				if matched {
					stories[r.rec.Story] = true
				}
				if matched == slices.Contains(r.rec.Topics, key) {
					continue
				}
				if i := slices.Index(r.rec.Topics, key); i >= 0 {
					r.rec.Topics = slices.Delete(r.rec.Topics, i, i+1)
				} else {
					r.rec.Topics = append(r.rec.Topics, key)
				}
				v, err := encode(r.rec)
				if err != nil {
					return err
				}
				if err := w.write(`UPDATE items SET rec = $2 WHERE seq = $1`, r.seq, v); err != nil {
					return err
				}
			}
		}
		ids := make([]int64, 0, len(stories))
		for id := range stories {
			ids = append(ids, int64(id))
		}
		w.batch.Queue(`INSERT INTO topics (topic, time, story) SELECT $1, time, id FROM stories WHERE id = ANY($2)`,
			int64(key), ids).Exec(func(ct pgconn.CommandTag) error {
			if ct.RowsAffected() != int64(len(ids)) {
				return inconsistent("item points at missing story")
			}
			return nil
		})
		if err := w.write(`INSERT INTO topicmeta (topic) VALUES ($1) ON CONFLICT DO NOTHING`, int64(key)); err != nil {
			return err
		}
		n = len(stories)
		return w.bumpGeneration(aggregator.SourceID(rand.Uint64()))
	})
	if err != nil {
		return 0, fmt.Errorf("build topic membership in %s: %w", db.path, err)
	}
	return n, nil
}

// DropTopics forgets the membership of every built topic not in keep: the
// indexes of edited or removed queries.
func (db *DB) DropTopics(ctx context.Context, keep []aggregator.TopicKey) error {
	const stale = `SELECT topic FROM topicmeta WHERE NOT (topic = ANY($1))`
	keepCol := int64s(keep)
	// Look first: most publishes have nothing to drop.
	var due bool
	if err := db.pool.QueryRow(ctx, `SELECT EXISTS (`+stale+`)`, keepCol).Scan(&due); err != nil || !due {
		if err != nil {
			return fmt.Errorf("drop topics in %s: %w", db.path, err)
		}
		return nil
	}
	err := db.update(ctx, func(w *writer) error {
		if err := w.write(`DELETE FROM topics WHERE topic IN (`+stale+`)`, keepCol); err != nil {
			return err
		}
		if err := w.write(`DELETE FROM topicmeta WHERE topic IN (`+stale+`)`, keepCol); err != nil {
			return err
		}
		return w.bumpGeneration(aggregator.SourceID(rand.Uint64()))
	})
	if err != nil {
		return fmt.Errorf("drop topics in %s: %w", db.path, err)
	}
	return nil
}

// TopicSize returns the number of stories in topic key's membership and
// whether that membership has been built (a topic not yet built has none
// until the next publish builds it). It reads the membership index only.
func (db *DB) TopicSize(ctx context.Context, key aggregator.TopicKey) (stories int, built bool, err error) {
	err = db.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM topics WHERE topic = $1),
		EXISTS (SELECT 1 FROM topicmeta WHERE topic = $1)`, int64(key)).Scan(&stories, &built)
	if err != nil {
		return 0, false, fmt.Errorf("count topic in %s: %w", db.path, err)
	}
	return stories, built, nil
}
