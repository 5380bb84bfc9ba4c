package aggregator

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// statusServer answers every request with the status and headers that
// the test sets, and a small feed on 200.
type statusServer struct {
	*httptest.Server
	status   atomic.Int64
	header   atomic.Value // http.Header
	requests atomic.Int64
}

func newStatusServer(t *testing.T) *statusServer {
	s := &statusServer{}
	s.status.Store(200)
	s.header.Store(http.Header{})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		for k, v := range s.header.Load().(http.Header) {
			w.Header()[k] = v
		}
		code := int(s.status.Load())
		w.WriteHeader(code)
		if code == 200 {
			fmt.Fprint(w, feed("a", ""))
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *statusServer) set(code int, kv ...string) {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	s.status.Store(int64(code))
	s.header.Store(h)
}

func TestRetryAfterHonoured(t *testing.T) {
	srv := newStatusServer(t)
	h := newHarness(t, srv.URL)
	tests := []struct {
		name   string
		code   int
		header []string
		wait   time.Duration
		kind   string
	}{
		{"429 seconds", 429, []string{"Retry-After", "7200"}, 2 * time.Hour, ErrKindRateLimited},
		{"503 http date", 503, []string{"Date", t0.Format(http.TimeFormat), "Retry-After", t0.Add(5 * time.Hour).Format(http.TimeFormat)}, 5 * time.Hour, ErrKindRateLimited},
		{"503 date relative to Date", 503, []string{"Date", t0.Add(-time.Hour).Format(http.TimeFormat), "Retry-After", t0.Add(2 * time.Hour).Format(http.TimeFormat)}, 3 * time.Hour, ErrKindRateLimited},
		{"capped", 429, []string{"Retry-After", fmt.Sprint(30 * 24 * 3600)}, 24 * time.Hour, ErrKindRateLimited},
		{"never sooner than the minimum", 429, []string{"Retry-After", "5"}, 30 * time.Minute, ErrKindRateLimited},
		{"429 without Retry-After backs off", 429, nil, 30 * time.Minute, ErrKindRateLimited},
		{"500 ignores Retry-After", 500, []string{"Retry-After", "36000"}, 30 * time.Minute, ErrKindHTTP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.store.states = map[string]SourceState{}
			h.now = t0
			srv.set(tt.code, tt.header...)
			h.run(srv.URL)
			st := h.state(srv.URL)
			if got := st.NextDue.Sub(t0); got != tt.wait {
				t.Errorf("next due in %v, want %v", got, tt.wait)
			}
			if st.ErrorKind != tt.kind || st.LastStatus != tt.code || !st.Failing() || st.Gone {
				t.Errorf("state = %+v", st)
			}
		})
	}
	t.Run("endless 429 keeps the source", func(t *testing.T) {
		h.store.states = map[string]SourceState{}
		h.now = t0
		srv.set(429, "Retry-After", "3600")
		for i := range 20 {
			h.run(srv.URL)
			st := h.state(srv.URL)
			if st.ConsecutiveFailures != i+1 || st.NextDue.Sub(h.now) != time.Hour || st.Gone {
				t.Fatalf("429 number %d: %+v", i+1, st)
			}
			h.now = st.NextDue
		}
		if !strings.Contains(h.state(srv.URL).LastError, "wait 1h0m0s") {
			t.Errorf("error %q does not say how long the server asked to wait", h.state(srv.URL).LastError)
		}
	})
}

func TestBackoffGrowsAndResets(t *testing.T) {
	srv := newStatusServer(t)
	h := newHarness(t, srv.URL)
	srv.set(500)
	want := []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 16 * time.Hour, 24 * time.Hour, 24 * time.Hour}
	for i, w := range want {
		h.runDue()
		st := h.state(srv.URL)
		if got := st.NextDue.Sub(h.now); got != w || st.ConsecutiveFailures != i+1 || !st.FailingSince.Equal(t0) {
			t.Errorf("failure %d: next due in %v, %d failures since %v; want %v, %d, %v", i+1, got, st.ConsecutiveFailures, st.FailingSince, w, i+1, t0)
		}
		// Not due a minute before; due at the time.
		h.now = st.NextDue.Add(-DueSlack - time.Second)
		if rep := h.runDue(); rep.Sources != 0 {
			t.Fatalf("failure %d: polled %d sources before they were due", i+1, rep.Sources)
		}
		h.now = st.NextDue
	}
	if n := srv.requests.Load(); n != int64(len(want)) {
		t.Errorf("%d requests, want %d", n, len(want))
	}
	srv.set(200)
	h.runDue()
	st := h.state(srv.URL)
	if st.Failing() || st.ConsecutiveFailures != 0 || !st.FailingSince.IsZero() || st.LastError != "" || st.NextDue.Sub(h.now) != 30*time.Minute {
		t.Errorf("after a success: %+v; want the failure count reset and the normal interval", st)
	}
	srv.set(500)
	h.now = st.NextDue
	h.runDue()
	if st := h.state(srv.URL); st.ConsecutiveFailures != 1 || st.NextDue.Sub(h.now) != 30*time.Minute {
		t.Errorf("first failure after a success: %+v; want backoff from the start", st)
	}
}

func TestBackoffStartsFromTheNormalInterval(t *testing.T) {
	srv := newStatusServer(t)
	h := newHarness(t, srv.URL)
	srv.set(200, "Cache-Control", "max-age=10800")
	h.run(srv.URL)
	if st := h.state(srv.URL); st.IntervalSeconds != 3*3600 || st.NextDue.Sub(h.now) != 3*time.Hour {
		t.Fatalf("after max-age=10800: %+v", st)
	}
	srv.set(502)
	for _, w := range []time.Duration{3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour} {
		h.now = h.state(srv.URL).NextDue
		h.run(srv.URL)
		if got := h.state(srv.URL).NextDue.Sub(h.now); got != w {
			t.Errorf("next due in %v, want %v", got, w)
		}
	}
}

func TestJitterSpreadsSources(t *testing.T) {
	srv := newStatusServer(t)
	h := newHarness(t, srv.URL)
	h.r.Options.Schedule.Rand = fixedRand(0.5)
	h.run(srv.URL)
	if got := h.state(srv.URL).NextDue.Sub(t0); got != 30*time.Minute-90*time.Second {
		t.Errorf("next due in %v, want 30m shortened by half of 10%%", got)
	}
}

func TestErrorKinds(t *testing.T) {
	srv := newStatusServer(t)
	tests := []struct {
		code int
		kind string
		says string
	}{
		{404, ErrKindNotFound, "not at this URL"},
		{401, ErrKindAuth, "refuses access"},
		{403, ErrKindAuth, "refuses access"},
		{500, ErrKindHTTP, "HTTP 500"},
		{410, ErrKindGone, "stopped polling"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.code), func(t *testing.T) {
			h := newHarness(t, srv.URL)
			srv.set(tt.code)
			h.run(srv.URL)
			st := h.state(srv.URL)
			if st.ErrorKind != tt.kind || !strings.Contains(st.LastError, tt.says) || st.LastStatus != tt.code {
				t.Errorf("state = %+v; want kind %q, an error saying %q", st, tt.kind, tt.says)
			}
			if tt.code != 410 && (st.Gone || st.NextDue.Sub(h.now) != 30*time.Minute) {
				t.Errorf("%d must back off, not stop: %+v", tt.code, st)
			}
		})
	}
}

func TestGoneStopsPolling(t *testing.T) {
	srv := newStatusServer(t)
	h := newHarness(t, srv.URL)
	srv.set(410)
	h.run(srv.URL)
	st := h.state(srv.URL)
	if !st.Gone || !st.Failing() || st.ErrorKind != ErrKindGone {
		t.Fatalf("after 410: %+v", st)
	}
	for _, later := range []time.Duration{time.Hour, 30 * 24 * time.Hour} {
		h.now = t0.Add(later)
		if rep := h.runDue(); rep.Sources != 0 {
			t.Errorf("%v after a 410: %d sources polled, want none", later, rep.Sources)
		}
	}
	states, _ := h.store.SourceStates(t.Context())
	if n := len(Active(h.col.SourcesIn(""), states)); n != 0 {
		t.Errorf("--force would poll %d gone sources", n)
	}
	if n := srv.requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	// Polled by name, a source that answers again is back.
	srv.set(200)
	h.run(srv.URL)
	if st := h.state(srv.URL); st.Gone || st.Failing() || st.NextDue.IsZero() {
		t.Errorf("after a 200: %+v", st)
	}
}

func TestServerHintsSetTheInterval(t *testing.T) {
	srv := newStatusServer(t)
	tests := []struct {
		name   string
		header []string
		want   time.Duration
	}{
		{"none", nil, 30 * time.Minute},
		{"max-age", []string{"Cache-Control", "max-age=7200"}, 2 * time.Hour},
		{"short max-age", []string{"Cache-Control", "max-age=60"}, 30 * time.Minute},
		{"no-cache", []string{"Cache-Control", "no-cache, max-age=7200"}, 30 * time.Minute},
		{"expires", []string{"Date", t0.Format(http.TimeFormat), "Expires", t0.Add(4 * time.Hour).Format(http.TimeFormat)}, 4 * time.Hour},
		{"capped", []string{"Cache-Control", "max-age=604800"}, 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, srv.URL)
			srv.set(200, tt.header...)
			h.run(srv.URL)
			if got := h.state(srv.URL).NextDue.Sub(t0); got != tt.want {
				t.Errorf("next due in %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFeedHintsOutlive304(t *testing.T) {
	sc := &script{t: t, steps: []step{
		{status: 200, header: map[string]string{"ETag": `"1"`}, body: feed("a", "<ttl>180</ttl>")},
		{wantINM: `"1"`, status: 304},
		{wantINM: `"1"`, status: 304, header: map[string]string{"Cache-Control": "max-age=36000"}},
	}}
	srv := httptest.NewServer(sc)
	defer srv.Close()
	h := newHarness(t, srv.URL)
	for i, want := range []time.Duration{3 * time.Hour, 3 * time.Hour, 10 * time.Hour} {
		h.run(srv.URL)
		st := h.state(srv.URL)
		if got := st.NextDue.Sub(h.now); got != want || st.FeedIntervalSeconds != 3*3600 {
			t.Errorf("poll %d: next due in %v (feed asks %ds), want %v", i+1, got, st.FeedIntervalSeconds, want)
		}
		h.now = st.NextDue
	}
}
