package aggregator

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator/fetch"
)

// memStore is an in-memory Store for pipeline tests: it keeps source
// states and counts the parsed documents per source and the commits.
type memStore struct {
	mu      sync.Mutex
	states  map[string]SourceState
	parsed  map[string]int
	commits int
	// last is each source's latest committed result.
	last map[string]*SourceResult
}

func newMemStore() *memStore {
	return &memStore{states: map[string]SourceState{}, parsed: map[string]int{}, last: map[string]*SourceResult{}}
}

func (m *memStore) SourceStates(context.Context) (map[string]SourceState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]SourceState, len(m.states))
	for k, v := range m.states {
		out[k] = v
	}
	return out, nil
}

func (m *memStore) Commit(_ context.Context, results []*SourceResult) (CommitStats, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.commits++
	for _, r := range results {
		m.states[r.State.URL] = r.State
		m.last[r.State.URL] = r
		if r.Parsed {
			m.parsed[r.State.URL]++
		}
	}
	return CommitStats{Sources: len(results)}, nil
}

func (m *memStore) Select(context.Context, Selection) ([]Entry, error) { return nil, nil }
func (m *memStore) SelectEach(context.Context, Selection, func(*Entry) error) error {
	return nil
}
func (m *memStore) TopicBuilt(context.Context, TopicKey) (bool, error) { return true, nil }
func (m *memStore) DropTopics(context.Context, []TopicKey) error       { return nil }
func (m *memStore) BuildTopic(context.Context, TopicKey, func(*Item) bool) (int, error) {
	return 0, nil
}

// harness runs the real pipeline (real fetch client, parser and
// normaliser) against test servers, with an injected clock and no jitter.
type harness struct {
	t      *testing.T
	store  *memStore
	col    *Collection
	client *fetch.Client
	r      *Refresher
	now    time.Time
}

var t0 = time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)

func newHarness(t *testing.T, urls ...string) *harness {
	t.Helper()
	col := &Collection{Path: filepath.Join(t.TempDir(), "test.opml")}
	for i, u := range urls {
		col.Sources = append(col.Sources, Source{URL: u, Location: u, Title: fmt.Sprintf("s%d", i), Line: i + 2})
	}
	h := &harness{t: t, store: newMemStore(), col: col, now: t0}
	h.setClient(fetch.Options{MaxBody: 256 << 10})
	h.r = &Refresher{
		Store:      h.store,
		Fetcher:    h.client,
		Normaliser: NewNormaliser(),
		Options:    RefreshOptions{Schedule: Schedule{Rand: fixedRand(0)}},
		Now:        func() time.Time { return h.now },
	}
	return h
}

// setClient replaces the fetch client (tests of timeouts set short ones).
func (h *harness) setClient(o fetch.Options) {
	h.client = fetch.New(o)
	h.t.Cleanup(h.client.CloseIdleConnections)
	if h.r != nil {
		h.r.Fetcher = h.client
	}
}

// run polls the given sources (every source when none is named) at the
// harness's clock.
func (h *harness) run(urls ...string) *Report {
	h.t.Helper()
	var srcs []*Source
	for _, u := range urls {
		s := h.col.Source(u)
		if s == nil {
			h.t.Fatalf("no source %s", u)
		}
		srcs = append(srcs, s)
	}
	rep, err := h.r.Run(context.Background(), h.col, srcs)
	if err != nil {
		h.t.Fatal(err)
	}
	return rep
}

// runDue polls the sources that are due at the harness's clock.
func (h *harness) runDue() *Report {
	h.t.Helper()
	states, _ := h.store.SourceStates(context.Background())
	due := Due(h.col.SourcesIn(""), states, h.now)
	if len(due) == 0 {
		return &Report{}
	}
	rep, err := h.r.Run(context.Background(), h.col, due)
	if err != nil {
		h.t.Fatal(err)
	}
	return rep
}

func (h *harness) state(url string) SourceState {
	h.store.mu.Lock()
	defer h.store.mu.Unlock()
	return h.store.states[url]
}

func (h *harness) parsed(url string) int {
	h.store.mu.Lock()
	defer h.store.mu.Unlock()
	return h.store.parsed[url]
}

const rssDoc = `<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title><link>http://site.test/</link>%s
<item><title>%s</title><link>http://site.test/%s</link><guid>%s</guid></item></channel></rss>`

// feed renders a small RSS document with one item; extra goes into the
// channel (a <ttl>, say).
func feed(item, extra string) string { return fmt.Sprintf(rssDoc, extra, item, item, item) }
