package store

import (
	"context"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
)

// SelectEachOf is aggregator.SharedSelector's: one walk merging the time
// indexes of all the selections' sources, each story read once, with
// fold.Selections deciding which selections take it.
func (db *DB) SelectEachOf(ctx context.Context, sels []aggregator.Selection, fn func(i int, e *aggregator.Entry) error) error {
	parts, err := fold.NewSelections(sels)
	if err != nil {
		return fmt.Errorf("select from %s: %w", db.path, err)
	}
	return db.selectWith(parts.Sources(), func(r *reader, call func(func() error) error) error {
		next := r.mergeSources(parts.Sources())
		seen := map[fold.StoryID]bool{}
		for read := 0; parts.Open(); {
			if err := ctx.Err(); err != nil {
				return err
			}
			sid, t, src, ok := next()
			if !ok || t < parts.Since() {
				break
			}
			if seen[sid] {
				continue
			}
			seen[sid] = true
			story, err := r.story(sid, t, src)
			if err != nil {
				return err
			}
			err = parts.Give(story, func(primary int) (aggregator.Entry, error) {
				return r.entryOf(sid, story, primary)
			}, func(i int, e *aggregator.Entry) error {
				return call(func() error { return fn(i, e) })
			})
			if err != nil {
				return err
			}
			if read++; read%selectTrimEvery == 0 {
				db.trimMapping(r.tx)
			}
		}
		return nil
	})
}
