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
	type selected struct {
		allowed map[aggregator.SourceID]bool
		since   uint64
		limit   int
		given   int
		done    bool
	}
	parts := make([]selected, len(sels))
	var union []string
	inUnion := map[string]bool{}
	for i, sel := range sels {
		if sel.Topic != 0 {
			return fmt.Errorf("select from %s: selection %d is a topic's, which SelectEachOf cannot read (a caller bug)", db.path, i)
		}
		p := &parts[i]
		p.allowed, p.limit = map[aggregator.SourceID]bool{}, sel.Limit
		if !sel.Since.IsZero() {
			p.since = fold.TimeKey(sel.Since)
		}
		for _, u := range sel.Sources {
			p.allowed[aggregator.SourceIDOf(u)] = true
			if !inUnion[u] {
				inUnion[u] = true
				union = append(union, u)
			}
		}
	}
	return db.selectWith(union, func(r *reader, call func(func() error) error) error {
		next := r.mergeSources(union)
		seen := map[fold.StoryID]bool{}
		open := len(parts)
		for read := 0; open > 0; {
			if err := ctx.Err(); err != nil {
				return err
			}
			sid, t, src, ok := next()
			if !ok {
				break
			}
			if seen[sid] {
				continue
			}
			seen[sid] = true
			var story *fold.Story
			built := map[int]*aggregator.Entry{} // by primary member
			for i := range parts {
				p := &parts[i]
				if p.done {
					continue
				}
				if t < p.since {
					p.done, open = true, open-1
					continue
				}
				if story == nil {
					var err error
					if story, err = r.story(sid, t, src); err != nil {
						return err
					}
				}
				primary := primaryOf(story, p.allowed)
				if primary < 0 {
					continue
				}
				e := built[primary]
				if e == nil {
					ev, err := r.entryOf(sid, story, primary)
					if err != nil {
						return err
					}
					e = &ev
					built[primary] = e
				}
				if p.given++; p.limit > 0 && p.given == p.limit {
					p.done, open = true, open-1
				}
				if err := call(func() error { return fn(i, e) }); err != nil {
					return err
				}
			}
			if story != nil {
				if read++; read%selectTrimEvery == 0 {
					db.trimMapping(r.tx)
				}
			}
		}
		return nil
	})
}
