package pgstore

import (
	"context"
	"fmt"
	"math"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/jackc/pgx/v5"
)

// SelectEachOf calls fn(i, e) with the entries of each sels[i], in the
// order SelectEach(sels[i]) gives them, in one walk over the per-source
// index of all their sources (aggregator.SharedSelector): each story and
// its items are read once, and its entry built once for every selection
// whose primary item is the same. Each selection stops at its own Limit
// and Since; the walk stops when every selection has.
func (db *DB) SelectEachOf(ctx context.Context, sels []aggregator.Selection, fn func(i int, e *aggregator.Entry) error) error {
	parts, err := fold.NewSelections(sels)
	if err != nil {
		return fmt.Errorf("select from %s: %w", db.path, err)
	}
	var fnErr error
	err = db.view(ctx, func(tx pgx.Tx) error {
		r := &reader{ctx: ctx, tx: tx, refs: map[aggregator.SourceID]*aggregator.SourceRef{}}
		var srcs []int64
		for _, u := range parts.Sources() {
			srcs = append(srcs, int64(aggregator.SourceIDOf(u)))
		}
		const page = 1000
		seen := map[int64]bool{}
		at := indexKey{t: math.MaxInt64, id: math.MaxInt64}
		for parts.Open() {
			keys, err := r.page(0, srcs, timeCol(parts.Since()), at, page)
			if err != nil {
				return err
			}
			var fresh []indexKey
			for _, k := range keys {
				if !seen[k.id] {
					seen[k.id] = true
					fresh = append(fresh, k)
				}
			}
			stories, items, err := r.load(fresh)
			if err != nil {
				return err
			}
			for _, k := range fresh {
				s, err := checkKey(k, stories[fold.StoryID(k.id)])
				if err != nil {
					return err
				}
				built := map[int]*aggregator.Entry{} // by primary member
				err = parts.Give(s, func(i, primary int) error {
					e := built[primary]
					if e == nil {
						ev, err := r.entryOf(fold.StoryID(k.id), s, primary, items)
						if err != nil {
							return err
						}
						e = &ev
						built[primary] = e
					}
					fnErr = fn(i, e)
					return fnErr
				})
				if err != nil {
					return err
				}
			}
			if len(keys) < page {
				break
			}
			at = keys[len(keys)-1]
		}
		return nil
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return fmt.Errorf("select from %s: %w", db.path, err)
	}
	return nil
}
