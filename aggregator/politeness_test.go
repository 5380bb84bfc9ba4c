package aggregator

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// inflight is a server that measures, per Host header and overall, the
// most requests it had in flight at once. Each request is held for a
// moment, so that a client which allows too many parallel requests is
// caught with them in flight.
type inflight struct {
	*httptest.Server
	mu              sync.Mutex
	cur, peak       map[string]int
	curAll, peakAll int
	requests        int
}

func newInflight(t *testing.T) *inflight {
	s := &inflight{cur: map[string]int{}, peak: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := strings.Split(r.Host, ":")[0]
		s.mu.Lock()
		s.requests++
		s.cur[host]++
		s.curAll++
		s.peak[host] = max(s.peak[host], s.cur[host])
		s.peakAll = max(s.peakAll, s.curAll)
		s.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
		s.mu.Lock()
		s.cur[host]--
		s.curAll--
		s.mu.Unlock()
		fmt.Fprint(w, feed("x"+r.URL.Path[1:], ""))
	}))
	t.Cleanup(s.Close)
	return s
}

func TestPerHostConcurrency(t *testing.T) {
	tests := []struct{ perHost, concurrency int }{
		{1, 8},
		{2, 8},
		{3, 4},
		{4, 2},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("per-host %d of %d", tt.perHost, tt.concurrency), func(t *testing.T) {
			srv := newInflight(t)
			// Two host names for the one server: 127.0.0.1 and localhost.
			var urls []string
			for i := range 12 {
				urls = append(urls, fmt.Sprintf("%s/%d", srv.URL, i),
					fmt.Sprintf("%s/%d", strings.Replace(srv.URL, "127.0.0.1", "localhost", 1), i))
			}
			h := newHarness(t, urls...)
			h.r.Options.PerHost, h.r.Options.Concurrency = tt.perHost, tt.concurrency
			rep := h.run()
			if rep.Failed != 0 || rep.Fetched != len(urls) {
				t.Fatalf("report %+v, failures %+v", rep, rep.Failures)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			for host, peak := range srv.peak {
				if peak > tt.perHost {
					t.Errorf("%s had %d requests in flight, limit %d", host, peak, tt.perHost)
				}
			}
			if srv.peakAll > tt.concurrency {
				t.Errorf("%d requests in flight overall, limit %d", srv.peakAll, tt.concurrency)
			}
			if len(srv.peak) != 2 || srv.requests != len(urls) {
				t.Errorf("server saw hosts %v and %d requests", srv.peak, srv.requests)
			}
			t.Logf("peak per host %v, overall %d", srv.peak, srv.peakAll)
		})
	}
}
