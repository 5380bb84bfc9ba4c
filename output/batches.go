package output

import "context"

// fanBatch is how many values a walk hands a reader at a time, and
// fanDepth how many such batches wait for a reader that is behind: a few
// hundred entries in flight, whatever the output's size.
const (
	fanBatch = 64
	fanDepth = 4
)

// batches hands values from one goroutine (a walk) to the goroutines that
// render them, fanBatch at a time over a channel each, at most fanDepth
// batches waiting on each: fanOut hands every document of an output its
// prepared entries, renderShared every view of a shared walk its own.
// The walk adds values and ends; each reader reads its channel until the
// walk ends or fails.
type batches[T any] struct {
	ctx   context.Context // the walk's and the readers': cancelled when one fails
	chans []chan []T      // nil where nobody reads
	held  [][]T
	err   error // the walk's outcome, set before the channels close
}

// newBatches makes the channels of n readers, of those for which read is
// true.
func newBatches[T any](ctx context.Context, n int, read func(j int) bool) *batches[T] {
	b := &batches[T]{ctx: ctx, chans: make([]chan []T, n), held: make([][]T, n)}
	for j := range n {
		if read(j) {
			b.chans[j] = make(chan []T, fanDepth)
		}
	}
	return b
}

// add holds v for reader j (nothing when nobody reads it), sending the
// batch once full; it fails when the context is cancelled meanwhile.
func (b *batches[T]) add(j int, v T) error {
	if b.chans[j] == nil {
		return nil
	}
	if b.held[j] = append(b.held[j], v); len(b.held[j]) == fanBatch {
		return b.send(j)
	}
	return nil
}

func (b *batches[T]) send(j int) error {
	select {
	case b.chans[j] <- b.held[j]:
	case <-b.ctx.Done():
		return b.ctx.Err()
	}
	b.held[j] = make([]T, 0, fanBatch)
	return nil
}

// end sends what is held, unless the walk failed with err, and closes
// every channel; the readers then see the walk's outcome. It returns that
// outcome.
func (b *batches[T]) end(err error) error {
	for j := range b.chans {
		if err == nil && b.chans[j] != nil && len(b.held[j]) > 0 {
			err = b.send(j)
		}
	}
	b.err = err
	for _, c := range b.chans {
		if c != nil {
			close(c)
		}
	}
	return err
}

// read calls fn with each value for reader j, in the order added, until
// the walk ends, and returns fn's first error, else the walk's outcome.
// A reader that fails must make the context cancelled (an errgroup's), or
// the walk would wait for it.
func (b *batches[T]) read(ctx context.Context, j int, fn func(T) error) error {
	for {
		select {
		case batch, ok := <-b.chans[j]:
			if !ok {
				return b.err
			}
			for _, v := range batch {
				if err := fn(v); err != nil {
					return err
				}
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
