package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

var consistencyBehaviours = []behaviour{
	{"CancelledCommitStoresNothing", consistencyCancelledCommit},
	{"InterruptedCommitStoresEachSourceWholeOrNotAtAll", consistencyInterruptedCommit},
}

// snapshot is what a store shows: entries, states and the generation.
func (h *harness) snapshot(sources ...string) string {
	h.t.Helper()
	b, err := json.Marshal(struct {
		Entries    []aggregator.Entry
		States     map[string]aggregator.SourceState
		Items      []aggregator.Item
		Generation uint64
	}{h.of(sources...), h.states(), h.items(), h.generation()})
	if err != nil {
		h.t.Fatal(err)
	}
	return string(b)
}

func consistencyCancelledCommit(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.poll(srcA, item(srcA, "a1", 1))
	before := h.snapshot(srcA, srcB)
	batch := func() []*aggregator.SourceResult {
		changed := item(srcA, "a1", 1)
		changed.Hash = 99
		return []*aggregator.SourceResult{
			result(srcA, changed, item(srcA, "a2", 2)),
			result(srcB, item(srcB, "b1", 3)),
			{State: aggregator.SourceState{URL: srcC, LastStatus: 304}},
		}
	}
	ctx, cancel := context.WithCancel(h.ctx)
	cancel()
	if _, err := h.s.Commit(ctx, batch()); !errors.Is(err, context.Canceled) {
		t.Errorf("Commit with a cancelled context = %v, want context.Canceled", err)
	}
	if after := h.snapshot(srcA, srcB); after != before {
		t.Errorf("a cancelled commit changed the store:\n%s\nwas\n%s", after, before)
	}
	// The store is as usable as before.
	if st := h.commit(batch()...); st != (aggregator.CommitStats{Sources: 3, New: 2, Updated: 1}) {
		t.Errorf("the batch committed again: %+v, want 3 sources, 2 new, 1 updated", st)
	}
	if got, want := titles(h.of(srcA, srcB)), []string{"Title b1", "Title a2", "Title a1"}; !slices.Equal(got, want) {
		t.Errorf("entries %q, want %q", got, want)
	}
}

// consistencyInterruptedCommit: a commit whose context ends part way
// (wherever the backend happens to look at it) stores each source's
// result whole or not at all, and committing the batch again completes
// it without storing anything twice. A backend that looks at its context
// only before it starts passes trivially.
func consistencyInterruptedCommit(t *testing.T, o opener) {
	sources := []string{srcA, srcB, srcC}
	const perSource = 5
	batch := func() []*aggregator.SourceResult {
		var out []*aggregator.SourceResult
		for _, src := range sources {
			r := result(src)
			for i := range perSource {
				r.Items = append(r.Items, aggregator.Incoming{Item: item(src, fmt.Sprintf("%s-%d", src, i), i)})
			}
			out = append(out, r)
		}
		return out
	}
	for _, looks := range []int{1, 2, 3, 5, 8, 13, 21, 34, 55} {
		t.Run(fmt.Sprintf("after %d looks", looks), func(t *testing.T) {
			h := o.start(t, Options{})
			ctx := &endingContext{looks: looks, done: make(chan struct{})}
			_, err := h.s.Commit(ctx, batch())
			stored := 0
			for _, src := range sources {
				n, st := len(h.of(src)), h.states()[src]
				switch {
				case n == 0 && st.URL == "":
				case n == perSource && st.ItemsStored == perSource:
					stored += n
				default:
					t.Errorf("%s after an interrupted commit (%v): %d entries, state %+v; want all %d items and their state, or nothing",
						src, err, n, st, perSource)
				}
			}
			if err == nil && stored != len(sources)*perSource {
				t.Errorf("commit succeeded but stored %d items, want all %d", stored, len(sources)*perSource)
			}
			st := h.commit(batch()...)
			if want := len(sources)*perSource - stored; st.New != want {
				t.Errorf("committed again: %d new, want the %d missing", st.New, want)
			}
			for _, src := range sources {
				if n, s := len(h.of(src)), h.state(src).ItemsStored; n != perSource || s != perSource {
					t.Errorf("%s: %d entries, ItemsStored %d; want %d", src, n, s, perSource)
				}
			}
			if n := len(h.items()); n != len(sources)*perSource {
				t.Errorf("%d items stored, want %d", n, len(sources)*perSource)
			}
		})
	}
}

// endingContext is a context that ends after its first looks calls of
// Done or Err: a commit interrupted at a point that depends only on where
// the backend looks at its context.
type endingContext struct {
	mu    sync.Mutex
	looks int
	ended bool
	done  chan struct{}
}

func (c *endingContext) look() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.ended {
		if c.looks == 0 {
			c.ended = true
			close(c.done)
		} else {
			c.looks--
		}
	}
	return c.ended
}

func (c *endingContext) Deadline() (time.Time, bool) { return time.Time{}, false }
func (c *endingContext) Value(any) any               { return nil }

func (c *endingContext) Done() <-chan struct{} {
	c.look()
	return c.done
}

func (c *endingContext) Err() error {
	if c.look() {
		return context.Canceled
	}
	return nil
}
