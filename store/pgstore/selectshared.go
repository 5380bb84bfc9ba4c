package pgstore

import (
	"context"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
)

// SelectEachOf is aggregator.SharedSelector's: one walk over the
// per-source index of all the selections' sources, a page of keys at a
// time, each page's stories and items read once, with fold.Selections
// deciding which selections take each story.
func (db *DB) SelectEachOf(ctx context.Context, sels []aggregator.Selection, fn func(i int, e *aggregator.Entry) error) error {
	parts, err := fold.NewSelections(sels)
	if err != nil {
		return fmt.Errorf("select from %s: %w", db.path, err)
	}
	var srcs []int64
	for _, u := range parts.Sources() {
		srcs = append(srcs, int64(aggregator.SourceIDOf(u)))
	}
	return db.selectWith(ctx, func(r *reader, call func(func() error) error) error {
		since := func() int64 { return timeCol(parts.Since()) }
		return r.walk(0, srcs, since, 1000, func(keys []indexKey) (bool, error) {
			stories, items, err := r.load(keys)
			if err != nil {
				return false, err
			}
			for _, k := range keys {
				s, err := checkKey(k, stories[fold.StoryID(k.id)])
				if err != nil {
					return false, err
				}
				err = parts.Give(s, func(primary int) (aggregator.Entry, error) {
					return r.entryOf(fold.StoryID(k.id), s, primary, items)
				}, func(i int, e *aggregator.Entry) error {
					return call(func() error { return fn(i, e) })
				})
				if err != nil {
					return false, err
				}
			}
			return parts.Open(), nil
		})
	})
}
