package aggregator

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// moveServer serves a feed at /new and redirects /old to it with the
// status the test sets (0: /old serves the feed itself).
func moveServer(t *testing.T, code *atomic.Int64) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" && code.Load() != 0 {
			http.Redirect(w, r, "/new", int(code.Load()))
			return
		}
		fmt.Fprint(w, feed("a", ""))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestPermanentRedirectGrace(t *testing.T) {
	var code atomic.Int64
	srv := moveServer(t, &code)
	old, target := srv.URL+"/old", srv.URL+"/new"
	type poll struct {
		after   time.Duration // since the previous poll
		code    int
		count   int
		moved   bool
		comment string
	}
	tests := []struct {
		name  string
		polls []poll
	}{
		{"five polls over eight days", []poll{
			{0, 301, 1, false, "first sighting"},
			{2 * 24 * time.Hour, 301, 2, false, ""},
			{2 * 24 * time.Hour, 308, 3, false, "308 counts the same"},
			{2 * 24 * time.Hour, 301, 4, false, "six days, four polls"},
			{2 * 24 * time.Hour, 301, 5, true, "eight days, five polls"},
			{time.Hour, 301, 6, true, "stays moved"},
		}},
		{"many polls within the grace time are not enough", []poll{
			{0, 301, 1, false, ""}, {time.Hour, 301, 2, false, ""}, {time.Hour, 301, 3, false, ""},
			{time.Hour, 301, 4, false, ""}, {time.Hour, 301, 5, false, ""}, {time.Hour, 301, 6, false, "5 hours only"},
		}},
		{"a long time with too few polls is not enough", []poll{
			{0, 301, 1, false, ""}, {10 * 24 * time.Hour, 301, 2, false, "ten days, two polls"},
		}},
		{"a poll without the redirect starts over", []poll{
			{0, 301, 1, false, ""}, {2 * 24 * time.Hour, 301, 2, false, ""}, {2 * 24 * time.Hour, 301, 3, false, ""},
			{2 * 24 * time.Hour, 0, 0, false, "served in place"},
			{2 * 24 * time.Hour, 301, 1, false, "a new streak"},
		}},
		{"temporary redirects change nothing", []poll{
			{0, 302, 0, false, ""}, {3 * 24 * time.Hour, 307, 0, false, ""}, {3 * 24 * time.Hour, 302, 0, false, ""},
			{3 * 24 * time.Hour, 307, 0, false, ""}, {3 * 24 * time.Hour, 302, 0, false, ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, old)
			for i, p := range tt.polls {
				h.now = h.now.Add(p.after)
				code.Store(int64(p.code))
				h.run(old)
				st := h.state(old)
				wantTo := ""
				if p.count > 0 {
					wantTo = target
				}
				if st.RedirectCount != p.count || st.Moved != p.moved || st.RedirectTo != wantTo || st.Failing() {
					t.Errorf("poll %d (%s): redirect to %q, %d polls since %v, moved %v; want %q, %d, moved %v",
						i+1, p.comment, st.RedirectTo, st.RedirectCount, st.RedirectFirstSeen, st.Moved, wantTo, p.count, p.moved)
				}
			}
		})
	}
}

func TestRedirectStreakSurvivesNetworkErrors(t *testing.T) {
	var code atomic.Int64
	code.Store(301)
	srv := moveServer(t, &code)
	old := srv.URL + "/old"
	h := newHarness(t, old)
	h.run(old)
	srv.Close() // the next poll gets no answer at all
	h.now = h.now.Add(time.Hour)
	h.run(old)
	if st := h.state(old); !st.Failing() || st.RedirectCount != 1 || st.RedirectTo != srv.URL+"/new" {
		t.Errorf("after a network error: %+v; want the streak kept", st)
	}
}
