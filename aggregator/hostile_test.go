package aggregator

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/feedloom/feedloom/aggregator/fetch"

	"go.uber.org/goleak"
)

// TestHostileServers polls, in one run, a server for each way a source
// can misbehave, next to two good sources. Every bad source must end in
// bounded time with a readable error of the right kind, the good ones
// must be stored, and no goroutine may be left behind.
func TestHostileServers(t *testing.T) {
	before := goleak.IgnoreCurrent()
	release := make(chan struct{})
	wait := func(r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}
	var member bytes.Buffer // 64 KiB of zeros; repeated, a 4 MiB bomb
	zw := gzip.NewWriter(&member)
	zw.Write(make([]byte, 64<<10))
	zw.Close()
	bomb := bytes.Repeat(member.Bytes(), 64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/good1", "/good2":
			fmt.Fprint(w, feed(r.URL.Path[1:], ""))
		case "/stall-headers":
			wait(r)
		case "/stall-body":
			w.WriteHeader(200)
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel>`)
			w.(http.Flusher).Flush()
			wait(r)
		case "/endless":
			w.WriteHeader(200)
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel>`)
			for {
				if _, err := fmt.Fprint(w, "<item><title>again</title></item>"); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-release:
					return
				case <-time.After(time.Millisecond):
				}
			}
		case "/gzip-bomb":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		case "/loop1":
			http.Redirect(w, r, "/loop2", http.StatusFound)
		case "/loop2":
			http.Redirect(w, r, "/loop1", http.StatusFound)
		case "/429":
			w.Header().Set("Retry-After", "600")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/bad-utf8":
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			fmt.Fprint(w, "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>\xff\xfe</title><item><title>caf\xe9 \xc3(</title><guid>1</guid></item></channel></rss>")
		case "/html":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Home</title></head><body>Welcome</body></html>")
		case "/empty":
			w.WriteHeader(200)
		}
	}))
	want := map[string]string{ // path → error kind ("" = success)
		"/good1":         "",
		"/good2":         "",
		"/stall-headers": ErrKindTimeout,
		"/stall-body":    ErrKindTimeout,
		"/endless":       ErrKindTooLarge, // the 256 KiB cap reached first, or else the timeout
		"/gzip-bomb":     ErrKindTooLarge,
		"/loop1":         ErrKindRedirect,
		"/429":           ErrKindRateLimited,
		"/bad-utf8":      "", // decoded with replacement characters
		"/html":          ErrKindParse,
		"/empty":         ErrKindParse,
	}
	var urls []string
	for p := range want {
		urls = append(urls, srv.URL+p)
	}
	h := newHarness(t, urls...)
	h.setClient(fetch.Options{HeaderTimeout: time.Second, Timeout: 2 * time.Second, MaxBody: 256 << 10})
	h.r.Options.PerHost = len(urls) // all at once: the run takes as long as the slowest
	rep := h.run()
	for p, kind := range want {
		st := h.state(srv.URL + p)
		switch {
		case kind == "" && st.Failing():
			t.Errorf("%s failed: %s", p, st.LastError)
		case kind == "":
		case p == "/endless" && st.ErrorKind == ErrKindTimeout:
		case st.ErrorKind != kind:
			t.Errorf("%s: kind %q (%s), want %q", p, st.ErrorKind, st.LastError, kind)
		case st.LastError == "" || strings.ContainsRune(st.LastError, 0) || !utf8.ValidString(st.LastError):
			t.Errorf("%s: unreadable error %q", p, st.LastError)
		case !st.NextDue.After(h.now) || st.Gone:
			t.Errorf("%s: next due %v, gone %v: a failing source must be retried later", p, st.NextDue, st.Gone)
		}
		t.Logf("%-15s %-12s %s", p, st.ErrorKind, st.LastError)
	}
	if rep.Fetched != 3 || rep.Failed != len(want)-3 {
		t.Errorf("report %+v", rep)
	}
	close(release)
	h.client.CloseIdleConnections()
	srv.Close()
	goleak.VerifyNone(t, before)
}

// TestCancelledRun: a run interrupted (SIGTERM) while a request is in
// flight ends promptly and records nothing against that source.
func TestCancelledRun(t *testing.T) {
	before := goleak.IgnoreCurrent()
	arrived := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-r.Context().Done()
	}))
	h := newHarness(t, srv.URL)
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-arrived
		cancel()
	}()
	_, err := h.r.Run(ctx, h.col, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
	if st, ok := h.store.states[srv.URL]; ok {
		t.Errorf("an interrupted poll was recorded: %+v", st)
	}
	h.r.Fetcher.(*fetch.Client).CloseIdleConnections()
	srv.Close()
	goleak.VerifyNone(t, before)
}
