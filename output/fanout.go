package output

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// fanOut renders the entries walk gives into every document of docs, each
// document's writer on a goroutine of its own, and completes each once
// the walk is over. Reading and preparing entries, and rendering each
// document, then share the machine's cores: an output of every stored
// item was rendered on one core, and the largest output decided how long
// a publish took.
//
// The walk runs on a goroutine of its own; it calls emit with each entry,
// which is not changed afterwards, as every writer only reads it. Each
// document receives the entries in the walk's order. A writer that fails
// stops the walk, and a walk that fails leaves every document incomplete
// (renderOutput removes them); the first error is returned.
func fanOut(ctx context.Context, v *feedView, docs []*outputDoc, walk func(context.Context, func(*entryView) error) error, complete func(*outputDoc) error) error {
	g, gctx := errgroup.WithContext(ctx)
	b := newBatches[*entryView](gctx, len(docs), func(int) bool { return true })
	for i, d := range docs {
		g.Go(func() error {
			err := b.read(gctx, i, func(e *entryView) error {
				if err := d.w.entry(e); err != nil {
					return fmt.Errorf("render %s/%s: %w", v.Slug, d.name, err)
				}
				return nil
			})
			if err != nil {
				return err // its own, or the walk's
			}
			return complete(d)
		})
	}
	g.Go(func() error {
		return b.end(walk(gctx, func(e *entryView) error {
			for i := range docs {
				if err := b.add(i, e); err != nil {
					return err
				}
			}
			return nil
		}))
	})
	return g.Wait()
}
