package store

import (
	"context"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
)

// SelectEachOf calls fn(i, e) with the entries of each sels[i], in the
// order SelectEach(sels[i]) gives them, in one walk over the stories of
// all their sources (aggregator.SharedSelector): each story is read once,
// and its entry built once for every selection whose first source to
// carry it (the entry's primary item) is the same. Each selection stops
// at its own Limit and Since; the walk stops when every selection has.
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
