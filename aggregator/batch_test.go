package aggregator

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// A refresh where every source answers 304 brings no items: its states
// wait StateDelay, not BatchDelay, and go to the store in one
// transaction, still recording each poll.
func TestNotModifiedStatesShareOneCommit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		fmt.Fprint(w, feed(r.URL.Path[1:], ""))
	}))
	defer srv.Close()
	var urls []string
	for i := range 16 {
		urls = append(urls, fmt.Sprintf("%s/s%d", srv.URL, i))
	}
	h := newHarness(t, urls...)
	// Every result with items would be committed on its own; results
	// without them wait for the end of the run.
	h.r.Options.BatchDelay = time.Nanosecond
	h.r.Options.StateDelay = time.Hour
	if rep := h.run(); rep.Fetched != len(urls) {
		t.Fatalf("cold run: %s", rep)
	}
	h.now = h.now.Add(time.Hour)
	before := h.store.commits
	rep := h.run()
	if rep.NotModified != len(urls) {
		t.Fatalf("warm run: %s", rep)
	}
	if got := h.store.commits - before; got != 1 {
		t.Errorf("warm run: %d commits, want 1", got)
	}
	for _, u := range urls {
		st := h.state(u)
		if st.LastStatus != http.StatusNotModified || !st.LastAttempt.Equal(h.now) || !st.NextDue.After(h.now) {
			t.Errorf("%s: status %d, attempt %v, next due %v; want 304 at %v and due later", u, st.LastStatus, st.LastAttempt, st.NextDue, h.now)
		}
	}
}

// Items are not held back by the states waiting beside them: a batch that
// gets items commits within BatchDelay, taking the waiting states along,
// while the run goes on (the last source answers only once the items are
// committed).
func TestItemsCommitWithoutWaitingForStates(t *testing.T) {
	itemsCommitted := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/fail":
			w.WriteHeader(http.StatusInternalServerError)
			return
		case "/last":
			select {
			case <-itemsCommitted:
			case <-time.After(time.Minute):
				t.Error("the items were not committed while the run went on")
			}
		}
		fmt.Fprint(w, feed(r.URL.Path[1:], ""))
	}))
	defer srv.Close()
	// One host, one request at a time: the sources are polled in order;
	// one parse worker hands their results to the writer in that order
	// (with two, /a could overtake /fail on a busy machine).
	h := newHarness(t, srv.URL+"/fail", srv.URL+"/a", srv.URL+"/last")
	h.r.Options.Parsers = 1
	h.r.Options.BatchDelay = time.Nanosecond
	h.r.Options.StateDelay = time.Hour
	var batches [][]string
	h.r.Committed = func(results []*SourceResult) {
		var urls []string
		for _, r := range results {
			urls = append(urls, r.State.URL[len(srv.URL):])
		}
		if len(batches) == 0 {
			close(itemsCommitted)
		}
		batches = append(batches, urls)
	}
	if rep := h.run(); rep.Fetched != 2 || rep.Failed != 1 {
		t.Fatalf("run: %s", rep)
	}
	if got, want := fmt.Sprint(batches), "[[/fail /a] [/last]]"; got != want {
		t.Errorf("batches %s, want %s", got, want)
	}
}

// blockingStore holds each commit until the test releases it, and says
// when one has started.
type blockingStore struct {
	*memStore
	started, release chan struct{}
}

func (s *blockingStore) Commit(ctx context.Context, results []*SourceResult) (CommitStats, error) {
	s.started <- struct{}{}
	<-s.release
	return s.memStore.Commit(ctx, results)
}

// A commit takes one of the parse workers' cores while it runs: with one
// core, no document is processed during a commit.
func TestCommitTakesACore(t *testing.T) {
	store := &blockingStore{memStore: newMemStore(), started: make(chan struct{}), release: make(chan struct{})}
	r := &Refresher{Store: store, Options: RefreshOptions{BatchItems: 1, BatchDelay: time.Hour, StateDelay: time.Hour, Parsers: 1}}
	r.Options.defaults()
	in := make(chan *SourceResult, 1)
	cores := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() { done <- r.write(context.Background(), in, cores, 1, &Report{}) }()
	in <- &SourceResult{Parsed: true, State: SourceState{URL: "https://a.example/feed"}, Items: []Incoming{{}}}
	<-store.started
	select {
	case cores <- struct{}{}:
		t.Fatal("a parse worker got the only core while a commit ran")
	default:
	}
	close(in)
	store.release <- struct{}{}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	select {
	case cores <- struct{}{}:
	default:
		t.Fatal("the commit kept its core after it ended")
	}
}
