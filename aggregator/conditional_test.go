package aggregator

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// step is one scripted answer, and what the request for it must carry.
type step struct {
	// wantINM and wantIMS are the If-None-Match and If-Modified-Since the
	// request must carry ("" = absent).
	wantINM, wantIMS string
	status           int
	header           map[string]string
	body             string
}

// script serves its steps in order and records deviations.
type script struct {
	mu    sync.Mutex
	t     *testing.T
	steps []step
	n     int
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n >= len(s.steps) {
		s.t.Errorf("request %d: no step scripted", s.n+1)
		w.WriteHeader(500)
		return
	}
	st := s.steps[s.n]
	s.n++
	if got := r.Header.Get("If-None-Match"); got != st.wantINM {
		s.t.Errorf("request %d: If-None-Match %q, want %q", s.n, got, st.wantINM)
	}
	if got := r.Header.Get("If-Modified-Since"); got != st.wantIMS {
		s.t.Errorf("request %d: If-Modified-Since %q, want %q", s.n, got, st.wantIMS)
	}
	for k, v := range st.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(st.status)
	w.Write([]byte(st.body))
}

func TestConditionalGET(t *testing.T) {
	const lm1 = "Mon, 01 Jun 2026 07:00:00 GMT"
	a, b := feed("a", ""), feed("b", "")
	sc := &script{t: t, steps: []step{
		// 1: first poll, no validators; the answer carries both.
		{status: 200, header: map[string]string{"ETag": `"v1"`, "Last-Modified": lm1}, body: a},
		// 2: both sent back exactly; a bare 304 keeps them.
		{wantINM: `"v1"`, wantIMS: lm1, status: 304},
		// 3: a 304 with a new ETag replaces it; Last-Modified stays.
		{wantINM: `"v1"`, wantIMS: lm1, status: 304, header: map[string]string{"ETag": `W/"v2"`}},
		// 4: a 200 with no validators drops both.
		{wantINM: `W/"v2"`, wantIMS: lm1, status: 200, body: b},
		// 5: nothing to send; the identical body is not parsed.
		{status: 200, body: b},
		// 6: identical body again, now with an ETag, which is kept.
		{status: 200, header: map[string]string{"ETag": `"v3"`}, body: b},
		// 7: and sent.
		{wantINM: `"v3"`, status: 304},
	}}
	srv := httptest.NewServer(sc)
	defer srv.Close()
	u := srv.URL + "/feed"
	h := newHarness(t, u)

	type want struct {
		etag, lastMod  string
		status, parsed int
		counter        func(*Report) int
	}
	fetched := func(r *Report) int { return r.Fetched }
	notMod := func(r *Report) int { return r.NotModified }
	unchanged := func(r *Report) int { return r.Unchanged }
	wants := []want{
		{`"v1"`, lm1, 200, 1, fetched},
		{`"v1"`, lm1, 304, 1, notMod},
		{`W/"v2"`, lm1, 304, 1, notMod},
		{"", "", 200, 2, fetched},
		{"", "", 200, 2, unchanged},
		{`"v3"`, "", 200, 2, unchanged},
		{`"v3"`, "", 304, 2, notMod},
	}
	for i, w := range wants {
		rep := h.run(u)
		st := h.state(u)
		if st.ETag != w.etag || st.LastModified != w.lastMod || st.LastStatus != w.status || h.parsed(u) != w.parsed || w.counter(rep) != 1 {
			t.Errorf("poll %d: etag %q, last-modified %q, status %d, parsed %d times, report %+v; want %q, %q, %d, %d",
				i+1, st.ETag, st.LastModified, st.LastStatus, h.parsed(u), rep, w.etag, w.lastMod, w.status, w.parsed)
		}
		if st.Failing() || st.LastSuccess != h.now {
			t.Errorf("poll %d: a %d must be a success: %+v", i+1, w.status, st)
		}
		h.now = h.now.Add(time.Hour)
	}
}

func TestParseFailureForgetsValidators(t *testing.T) {
	sc := &script{t: t, steps: []step{
		{status: 200, header: map[string]string{"ETag": `"broken"`}, body: "<html><body>oops</body></html>"},
		// The broken document's ETag is not sent, so the fix is fetched.
		{status: 200, header: map[string]string{"ETag": `"fixed"`}, body: feed("a", "")},
	}}
	srv := httptest.NewServer(sc)
	defer srv.Close()
	h := newHarness(t, srv.URL)
	h.run(srv.URL)
	st := h.state(srv.URL)
	if !st.Failing() || st.ErrorKind != ErrKindParse || st.ETag != "" || st.LastStatus != 200 {
		t.Fatalf("after an HTML page: %+v", st)
	}
	h.now = h.now.Add(time.Hour)
	h.run(srv.URL)
	if st := h.state(srv.URL); st.Failing() || st.ETag != `"fixed"` || h.parsed(srv.URL) != 1 {
		t.Errorf("after the fix: %+v", st)
	}
}
