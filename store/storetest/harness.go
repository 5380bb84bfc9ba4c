package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// opener opens a fresh store; it is the function a backend gave Run.
type opener func(t *testing.T, opts Options) Store

// harness is one store under test, with the clock it was opened with and
// the helpers the behaviours share. Every helper fails the test on a
// store error: the behaviours check results, not error paths.
type harness struct {
	t   *testing.T
	s   Store
	ctx context.Context
	// now is the store's clock (Options.Now); behaviours move it.
	now time.Time
}

// start opens a fresh store with opts (Window defaults to defaultWindow;
// Now is always the harness's clock) and closes it when the test ends.
func (o opener) start(t *testing.T, opts Options) *harness {
	t.Helper()
	h := &harness{t: t, ctx: context.Background(), now: t0.Add(time.Hour)}
	if opts.Window == 0 {
		opts.Window = defaultWindow
	}
	opts.Now = func() time.Time { return h.now }
	h.s = o(t, opts)
	if h.s == nil {
		t.Fatal("open returned no store")
	}
	t.Cleanup(func() {
		if err := h.s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return h
}

func (h *harness) commit(rs ...*aggregator.SourceResult) aggregator.CommitStats {
	h.t.Helper()
	st, err := h.s.Commit(h.ctx, rs)
	if err != nil {
		h.t.Fatalf("Commit: %v", err)
	}
	return st
}

// poll commits one parsed document of source src, carrying the stored
// state over as the pipeline does.
func (h *harness) poll(src string, items ...aggregator.Item) aggregator.CommitStats {
	h.t.Helper()
	r := result(src, items...)
	r.State = h.state(src)
	r.State.URL = src
	return h.commit(r)
}

// notModified commits a poll of src that parsed nothing (a 304).
func (h *harness) notModified(src string) aggregator.CommitStats {
	h.t.Helper()
	st := h.state(src)
	st.URL, st.LastStatus = src, 304
	return h.commit(&aggregator.SourceResult{State: st})
}

func (h *harness) states() map[string]aggregator.SourceState {
	h.t.Helper()
	states, err := h.s.SourceStates(h.ctx)
	if err != nil {
		h.t.Fatalf("SourceStates: %v", err)
	}
	return states
}

func (h *harness) state(src string) aggregator.SourceState {
	h.t.Helper()
	return h.states()[src]
}

// sel collects what SelectEach gives for sel.
func (h *harness) sel(sel aggregator.Selection) []aggregator.Entry {
	h.t.Helper()
	es, err := aggregator.Collect(h.ctx, h.s.SelectEach, sel)
	if err != nil {
		h.t.Fatalf("SelectEach(%+v): %v", sel, err)
	}
	return es
}

// of selects every entry of the given sources.
func (h *harness) of(sources ...string) []aggregator.Entry {
	h.t.Helper()
	return h.sel(aggregator.Selection{Sources: sources})
}

// items returns every stored item, in the order EachItem gives them.
func (h *harness) items() []aggregator.Item {
	h.t.Helper()
	var out []aggregator.Item
	if err := h.s.EachItem(h.ctx, func(it *aggregator.Item) error { out = append(out, *it); return nil }); err != nil {
		h.t.Fatalf("EachItem: %v", err)
	}
	return out
}

// stories returns the items of every stored story.
func (h *harness) stories() [][]aggregator.Item {
	h.t.Helper()
	var out [][]aggregator.Item
	if err := h.s.EachStory(h.ctx, func(items []aggregator.Item) error { out = append(out, items); return nil }); err != nil {
		h.t.Fatalf("EachStory: %v", err)
	}
	return out
}

func (h *harness) generation() uint64 {
	h.t.Helper()
	g, err := h.s.Generation(h.ctx)
	if err != nil {
		h.t.Fatalf("Generation: %v", err)
	}
	return g
}

func (h *harness) prune(opts aggregator.PruneOptions) aggregator.PruneStats {
	h.t.Helper()
	st, err := h.s.Prune(h.ctx, opts)
	if err != nil {
		h.t.Fatalf("Prune(%+v): %v", opts, err)
	}
	return st
}

func (h *harness) build(key aggregator.TopicKey, match func(*aggregator.Item) bool) int {
	h.t.Helper()
	n, err := h.s.BuildTopic(h.ctx, key, match)
	if err != nil {
		h.t.Fatalf("BuildTopic(%d): %v", key, err)
	}
	return n
}

func (h *harness) built(key aggregator.TopicKey) bool {
	h.t.Helper()
	ok, err := h.s.TopicBuilt(h.ctx, key)
	if err != nil {
		h.t.Fatalf("TopicBuilt(%d): %v", key, err)
	}
	return ok
}

func (h *harness) topicSize(key aggregator.TopicKey) (int, bool) {
	h.t.Helper()
	n, built, err := h.s.TopicSize(h.ctx, key)
	if err != nil {
		h.t.Fatalf("TopicSize(%d): %v", key, err)
	}
	return n, built
}

func (h *harness) byLink(link string) []aggregator.Item {
	h.t.Helper()
	items, err := h.s.ItemsByLink(h.ctx, link)
	if err != nil {
		h.t.Fatalf("ItemsByLink(%q): %v", link, err)
	}
	return items
}

func titles(es []aggregator.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Item.Title)
	}
	return out
}

func guids(items []aggregator.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.GUID)
	}
	return out
}
