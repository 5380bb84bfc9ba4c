// Package batch gathers a stream of results into batches and commits them
// one at a time, in order, while the next batch gathers.
package batch

import "time"

// Options say when a batch is committed: once it holds Size units (items,
// say), or once Delay has passed since it got its first unit, whichever
// comes first. Results without units wait IdleDelay instead, so that many
// results with nothing in them share a few commits.
type Options struct {
	Size             int
	Delay, IdleDelay time.Duration
}

// Run receives results from in until it is closed and commits them in
// batches, as opts say, with commit, in order. commit runs in a goroutine
// of its own while the next batch gathers, so a slow commit does not hold
// up what produces the results; while it runs, a full batch stops the
// receiving, so no more than two batches are held. After each commit that
// succeeds, done is called with the batch and what commit returned, from
// Run's goroutine. Run returns the first error of commit, at once, and nil
// once everything received is committed.
func Run[T, S any](in <-chan T, units func(T) int, opts Options, commit func([]T) (S, error), done func([]T, S)) error {
	type committed struct {
		batch []T
		stats S
		err   error
	}
	toCommit := make(chan []T)
	results := make(chan committed, 1)
	defer close(toCommit)
	go func() {
		for b := range toCommit {
			st, err := commit(b)
			results <- committed{b, st, err}
		}
	}()

	var batch []T
	size := 0
	busy := false // a batch is being committed
	timer := time.NewTimer(0)
	timer.Stop()
	defer timer.Stop()
	var due time.Time // when the batch is committed at the latest; zero for none
	late := false     // due has passed
	for {
		full := size >= opts.Size
		if !busy && len(batch) > 0 && (full || late || in == nil) {
			toCommit <- batch // the committer is idle: it takes it at once
			busy = true
			batch, size = nil, 0
			timer.Stop()
			due, late, full = time.Time{}, false, false
		}
		if in == nil && !busy {
			return nil
		}
		recv := in
		if full && busy {
			recv = nil
		}
		select {
		case res, ok := <-recv:
			if !ok {
				in = nil
				continue
			}
			batch = append(batch, res)
			size += units(res)
			if size < opts.Size {
				delay := opts.IdleDelay
				if size > 0 {
					delay = min(opts.Delay, delay)
				}
				if at := time.Now().Add(delay); due.IsZero() || at.Before(due) {
					timer.Reset(delay)
					due = at
				}
			}
		case <-timer.C:
			late = true
		case c := <-results:
			busy = false
			if c.err != nil {
				return c.err
			}
			done(c.batch, c.stats)
		}
	}
}
