package output

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// fanBatch is how many prepared entries the walk hands each document's
// writer at a time, and fanDepth how many such batches wait for a writer
// that is behind: a few hundred entries in flight, whatever the output's
// size.
const (
	fanBatch = 64
	fanDepth = 4
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
	feeds := make([]chan []*entryView, len(docs))
	walked := false // set before the channels close, read after
	for i, d := range docs {
		feed := make(chan []*entryView, fanDepth)
		feeds[i] = feed
		g.Go(func() error {
			for batch := range feed {
				for _, e := range batch {
					if err := d.w.entry(e); err != nil {
						return fmt.Errorf("render %s/%s: %w", v.Slug, d.name, err)
					}
				}
			}
			if !walked {
				return nil // the walk's error is the one to report
			}
			return complete(d)
		})
	}
	g.Go(func() error {
		batch := make([]*entryView, 0, fanBatch)
		send := func() error {
			for _, feed := range feeds {
				select {
				case feed <- batch:
				case <-gctx.Done():
					return gctx.Err()
				}
			}
			batch = make([]*entryView, 0, fanBatch)
			return nil
		}
		err := walk(gctx, func(e *entryView) error {
			if batch = append(batch, e); len(batch) == fanBatch {
				return send()
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			err = send()
		}
		walked = err == nil
		for _, feed := range feeds {
			close(feed)
		}
		return err
	})
	return g.Wait()
}
