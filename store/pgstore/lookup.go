package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/canon"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/jackc/pgx/v5"
)

// The read-only lookups here serve diagnostics (`feedloom topics test`,
// `topics explain`, `topics list`) and tests, not publishing: EachItem and
// EachStory read the whole store by design, a page at a time, from one
// snapshot.

// pageRows is how many records a walk of the whole store reads at once.
const pageRows = 1000

// EachItem calls fn with every stored item, oldest first (in the order
// they were stored), from one snapshot. The item is fn's to keep. An
// error from fn, or the context ending, stops the walk and is returned.
func (db *DB) EachItem(ctx context.Context, fn func(*aggregator.Item) error) error {
	err := db.view(ctx, func(tx pgx.Tx) error {
		for after := int64(0); ; {
			if err := ctx.Err(); err != nil {
				return err
			}
			var page []*fold.ItemRecord
			err := each(ctx, tx, `SELECT seq, rec FROM items WHERE seq > $1 ORDER BY seq LIMIT $2`, []any{after, pageRows}, func(rows pgx.Rows) error {
				var v []byte
				if err := rows.Scan(&after, &v); err != nil {
					return err
				}
				rec, err := decode[fold.ItemRecord](v, "item")
				page = append(page, rec)
				return err
			})
			if err != nil {
				return err
			}
			for _, rec := range page {
				if err := fn(&rec.Item); err != nil {
					return err
				}
			}
			if len(page) < pageRows {
				return ctx.Err()
			}
		}
	})
	if err != nil {
		return fmt.Errorf("read items of %s: %w", db.path, err)
	}
	return nil
}

// EachStory calls fn with the items of every stored story, first-seen
// first, from one snapshot, in story id order. It reads the whole store:
// it is for diagnostics and tests (comparing two stores' contents), not
// for publishing.
func (db *DB) EachStory(ctx context.Context, fn func(items []aggregator.Item) error) error {
	err := db.view(ctx, func(tx pgx.Tx) error {
		r := &reader{ctx: ctx, tx: tx}
		for after := int64(0); ; {
			if err := ctx.Err(); err != nil {
				return err
			}
			var ids []int64
			var page []*fold.Story
			err := each(ctx, tx, `SELECT id, rec FROM stories WHERE id > $1 ORDER BY id LIMIT $2`, []any{after, pageRows}, func(rows pgx.Rows) error {
				var v []byte
				if err := rows.Scan(&after, &v); err != nil {
					return err
				}
				s, err := decode[fold.Story](v, "story")
				ids, page = append(ids, after), append(page, s)
				return err
			})
			if err != nil {
				return err
			}
			var seqs []int64
			for _, s := range page {
				for _, m := range s.Members {
					seqs = append(seqs, int64(m.Seq))
				}
			}
			recs, err := r.items(seqs)
			if err != nil {
				return err
			}
			for _, s := range page {
				items, err := memberItems(s, recs)
				if err != nil {
					return err
				}
				if err := fn(items); err != nil {
					return err
				}
			}
			if len(page) < pageRows {
				return nil
			}
		}
	})
	if err != nil {
		return fmt.Errorf("read stories of %s: %w", db.path, err)
	}
	return nil
}

// memberItems returns the items of story s, first-seen first.
func memberItems(s *fold.Story, recs map[uint64]*fold.ItemRecord) ([]aggregator.Item, error) {
	out := make([]aggregator.Item, 0, len(s.Members))
	for _, m := range s.Members {
		rec := recs[m.Seq]
		if rec == nil {
			return nil, inconsistent("story points at missing item")
		}
		out = append(out, rec.Item)
	}
	return out, nil
}

// ItemsByLink returns the stored items whose link is link, or whose
// canonical URL is link's (so a link with tracking parameters, another
// scheme or a www. prefix finds the item too), in the order they were
// stored. The canonical-URL index answers directly; only when it finds
// nothing are all items read, for items stored without a canonical URL.
func (db *DB) ItemsByLink(ctx context.Context, link string) ([]aggregator.Item, error) {
	canonical, _ := canon.URL(link)
	same := func(it *aggregator.Item) bool {
		return it.Link == link || (canonical != "" && it.CanonicalURL == canonical)
	}
	var out []aggregator.Item
	err := db.view(ctx, func(tx pgx.Tx) error {
		if canonical == "" {
			return nil
		}
		r := &reader{ctx: ctx, tx: tx}
		var id int64
		err := tx.QueryRow(ctx, `SELECT story FROM urls WHERE canonical = $1`, urlKey(canonical)).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		stories, err := r.stories([]int64{id})
		if err != nil {
			return err
		}
		s := stories[fold.StoryID(id)]
		if s == nil {
			return inconsistent("URL index points at missing story")
		}
		var seqs []int64
		for _, m := range s.Members {
			seqs = append(seqs, int64(m.Seq))
		}
		recs, err := r.items(seqs)
		if err != nil {
			return err
		}
		members, err := memberItems(s, recs)
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
