package aggregator

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// sharedStore is a memStore shared with other (imaginary) refreshers: it
// grants the sources in granted only, records the claims and host slots
// asked for, and can fail the claims.
type sharedStore struct {
	*memStore
	mu       sync.Mutex
	granted  map[string]bool
	claims   []string
	force    []bool
	slots    map[string]int // host → slots taken and not released
	maxSlots int
	fail     error
}

func (s *sharedStore) Claim(_ context.Context, url string, force bool, _ time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.claims = append(s.claims, url)
	s.force = append(s.force, force)
	if s.fail != nil {
		return false, s.fail
	}
	return s.granted[url], nil
}

func (s *sharedStore) HostSlot(_ context.Context, host string, perHost int) (func(), error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slots[host]++
	s.maxSlots = max(s.maxSlots, s.slots[host])
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.slots[host]--
	}, nil
}

// TestSharedStoreSplitsTheWork: on a shared store a refresher polls only
// the sources it claims, takes a host slot for each request and gives it
// back, reports the others as polled elsewhere, and stops with the error
// of a claim the store could not answer.
func TestSharedStoreSplitsTheWork(t *testing.T) {
	var mu sync.Mutex
	asked := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked[r.URL.Path]++
		mu.Unlock()
		fmt.Fprint(w, feed(strings.Trim(r.URL.Path, "/"), ""))
	}))
	defer srv.Close()
	var urls []string
	for i := range 6 {
		urls = append(urls, fmt.Sprintf("%s/s%d", srv.URL, i))
	}
	h := newHarness(t, urls...)
	shared := &sharedStore{memStore: h.store, granted: map[string]bool{urls[0]: true, urls[2]: true, urls[4]: true}, slots: map[string]int{}}
	h.r.Store = shared
	h.r.Force = true
	rep := h.run()
	if len(shared.claims) != 6 || !shared.force[0] {
		t.Errorf("claimed %d sources (force %v), want all 6 with force", len(shared.claims), shared.force)
	}
	for i, u := range urls {
		path := "/s" + fmt.Sprint(i)
		if want := map[bool]int{true: 1, false: 0}[shared.granted[u]]; asked[path] != want {
			t.Errorf("%s fetched %d times, want %d", path, asked[path], want)
		}
	}
	if rep.Fetched != 3 || rep.Elsewhere != 3 || rep.NotReached != 0 || !strings.Contains(rep.String(), "3 polled by other refreshers") {
		t.Errorf("report %+v: %s", rep, rep)
	}
	held := 0
	for _, n := range shared.slots {
		held += n
	}
	if held != 0 || shared.maxSlots != 1 || len(shared.slots) != 1 {
		t.Errorf("host slots held after the run %v, most at once %d; want every slot back, one at a time", shared.slots, shared.maxSlots)
	}

	shared.fail = errors.New("the database went away")
	if _, err := h.r.Run(context.Background(), h.col, nil); err == nil || !strings.Contains(err.Error(), "went away") {
		t.Errorf("a claim the store cannot answer: Run = %v, want its error", err)
	}
}
