package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// growingFeed serves one RSS feed whose items the test adds.
type growingFeed struct {
	mu    sync.Mutex
	items int
}

func (g *growingFeed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	n := g.items
	g.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, `<rss version="2.0"><channel><title>Growing</title><link>http://grow.test/</link>`)
	for i := n; i >= 1; i-- {
		fmt.Fprintf(&b, `<item><title>Story number %d about the harbour</title><link>http://grow.test/%d</link><guid>g%d</guid><pubDate>%s</pubDate></item>`,
			i, i, i, time.Date(2026, 1, 1, 0, i, 0, 0, time.UTC).Format(time.RFC1123Z))
	}
	b.WriteString(`</channel></rss>`)
	w.Header().Set("Content-Type", "application/rss+xml")
	io.WriteString(w, b.String())
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitFor polls cond every 100 ms until it holds or d passes.
func waitFor(d time.Duration, cond func() bool) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

func httpGet(t *testing.T, u string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return &http.Response{StatusCode: 0, Header: http.Header{}}, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// TestServe runs `feedloom serve` against a loopback feed: the site is
// served with validators, 304s and gzip, nothing outside it; new items
// upstream are published without a restart; SIGHUP reloads the OPML;
// metrics and health endpoints answer; a stop leaves a store that a later
// refresh uses.
func TestServe(t *testing.T) {
	g := &growingFeed{items: 2}
	upstream := httptest.NewServer(g)
	defer upstream.Close()
	e := newE2E(t, `<outline text="Growing" xmlUrl="`+upstream.URL+`/feed"/>`)
	srv := startServe(t, slices.Concat(e.args, []string{"--log-level", "info"}))
	base, stderr := srv.base, &srv.stderr
	// The first publish (of the empty store) comes before the first
	// refresh's: wait for the one that has the stories.
	if !waitFor(10*time.Second, func() bool {
		r, b := httpGet(t, base+"/all/rss.xml", nil)
		return r.StatusCode == 200 && bytes.Contains(b, []byte("Story number 2"))
	}) {
		t.Fatalf("the site is not served: %s", stderr.String())
	}
	resp, body := httpGet(t, base+"/all/rss.xml", nil)
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/rss+xml") || resp.Header.Get("ETag") == "" || !bytes.Contains(body, []byte("Story number 2")) {
		t.Errorf("rss.xml: %s, ETag %q", resp.Header.Get("Content-Type"), resp.Header.Get("ETag"))
	}
	if r, _ := httpGet(t, base+"/all/rss.xml", map[string]string{"If-None-Match": resp.Header.Get("ETag")}); r.StatusCode != 304 {
		t.Errorf("If-None-Match: %d, want 304", r.StatusCode)
	}
	if r, _ := httpGet(t, base+"/all/rss.xml", map[string]string{"Accept-Encoding": "gzip"}); r.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("Accept-Encoding gzip: %q", r.Header.Get("Content-Encoding"))
	}
	if r, _ := httpGet(t, base+"/all/../../feeds.opml", nil); r.StatusCode != 404 {
		t.Errorf("a path with ..: %d, want 404", r.StatusCode)
	}
	// New items upstream are published without a restart.
	g.mu.Lock()
	g.items = 3
	g.mu.Unlock()
	if !waitFor(10*time.Second, func() bool {
		_, b := httpGet(t, base+"/all/rss.xml", nil)
		return bytes.Contains(b, []byte("Story number 3"))
	}) {
		t.Errorf("the new item was not published within 10 s")
	}
	// SIGHUP reloads the OPML file: a new topic appears.
	writeOPML(t, e.tmp, `<outline text="Growing" xmlUrl="`+upstream.URL+`/feed"/><outline type="topic" text="Harbour" query="harbour"/>`)
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	if !waitFor(10*time.Second, func() bool { r, _ := httpGet(t, base+"/harbour/rss.xml", nil); return r.StatusCode == 200 }) {
		t.Errorf("SIGHUP did not reload the OPML file: %s", stderr.String())
	}
	_, metrics := httpGet(t, base+"/metrics", nil)
	for _, want := range []string{`feedloom_polls_total{outcome="200"}`, "feedloom_fetch_seconds_count", `feedloom_items_total{kind="new"} 3`,
		`feedloom_sources{state="ok"} 1`, "feedloom_publish_seconds_count", `feedloom_published_files_total{result="written"}`, "feedloom_store_bytes", `feedloom_http_requests_total{code="200"}`} {
		if !bytes.Contains(metrics, []byte(want)) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if r, b := httpGet(t, base+"/healthz", nil); r.StatusCode != 200 {
		t.Errorf("/healthz: %d %s", r.StatusCode, b)
	}
	if r, b := httpGet(t, base+"/readyz", nil); r.StatusCode != 200 || !bytes.Contains(b, []byte(`"ready":true`)) {
		t.Errorf("/readyz: %d %s", r.StatusCode, b)
	}
	// A stop (SIGTERM cancels the same context) ends it cleanly.
	if code := srv.end(); code != exitOK {
		t.Fatalf("serve exited %d: %s", code, stderr.String())
	}
	if c, _, errOut := e.run("refresh", "--force"); c != exitOK {
		t.Errorf("refresh after serve = %d: %s", c, errOut)
	}
	if _, err := os.Stat(filepath.Join(e.tmp, "out", "health.html")); err != nil {
		t.Error(err)
	}
}

// serving is `feedloom serve --min-interval 1s` running in the background
// on a free loopback port (startServe).
type serving struct {
	base   string // http://addr
	stderr bytes.Buffer
	stop   context.CancelFunc
	done   chan struct{}
	code   int
}

// startServe runs serve with the global arguments args; the test's
// cleanup stops it if the test did not (end).
func startServe(t *testing.T, args []string) *serving {
	t.Helper()
	addr := freeAddr(t)
	ctx, stop := context.WithCancel(context.Background())
	s := &serving{base: "http://" + addr, stop: stop, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		s.code = run(ctx, slices.Concat([]string{"feedloom"}, args, []string{"serve", "--listen", addr, "--min-interval", "1s"}), io.Discard, &s.stderr)
	}()
	t.Cleanup(func() { s.end() })
	return s
}

// end stops serve, waits for it to exit and returns its exit code.
func (s *serving) end() int {
	s.stop()
	<-s.done
	return s.code
}
