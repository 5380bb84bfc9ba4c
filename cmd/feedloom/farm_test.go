package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// farm serves any number of small feeds at /f/NAME, with an ETag per
// feed and 304s for conditional requests that match, and lets a test make
// a path fail, redirect or serve a page instead. It counts what it was
// asked.
type farm struct {
	*httptest.Server
	mu                    sync.Mutex
	requests, conditional int
	full                  int
	status                map[string]int    // path → status to answer
	moved                 map[string]string // path → 301 target path
	pages                 map[string]string // path → HTML to serve
	userAgents            map[string]bool
	lastIfNoneMatchByPath map[string]string
}

func newFarm(t *testing.T) *farm {
	f := &farm{status: map[string]int{}, moved: map[string]string{}, pages: map[string]string{},
		userAgents: map[string]bool{}, lastIfNoneMatchByPath: map[string]string{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *farm) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	f.userAgents[r.UserAgent()] = true
	p := r.URL.Path
	inm := r.Header.Get("If-None-Match")
	f.lastIfNoneMatchByPath[p] = inm
	if inm != "" || r.Header.Get("If-Modified-Since") != "" {
		f.conditional++
	}
	if to, ok := f.moved[p]; ok {
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return
	}
	if code, ok := f.status[p]; ok {
		w.WriteHeader(code)
		return
	}
	if page, ok := f.pages[p]; ok {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
		return
	}
	if !strings.HasPrefix(p, "/f/") {
		http.NotFound(w, r)
		return
	}
	name := strings.TrimPrefix(p, "/f/")
	etag := `"` + name + `-v1"`
	w.Header().Set("ETag", etag)
	if inm == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	f.full++
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %[1]s</title><link>http://site.test/%[1]s</link>
<item><title>Story %[1]s</title><link>http://site.test/%[1]s/1</link><guid>%[1]s-1</guid><pubDate>Mon, 01 Jun 2026 08:00:00 GMT</pubDate></item>
</channel></rss>`, name)
}

func (f *farm) set(fn func(f *farm)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

// take returns the counts since the last call and resets them.
func (f *farm) take() (requests, conditional, full int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	requests, conditional, full = f.requests, f.conditional, f.full
	f.requests, f.conditional, f.full = 0, 0, 0
	return
}

// farmOPML lists n farm feeds (named 0…n-1) in a "Farm" folder, plus any
// extra outlines.
func farmOPML(f *farm, n int, extra string) string {
	var b strings.Builder
	b.WriteString("<outline text=\"Farm\">\n")
	for i := range n {
		fmt.Fprintf(&b, "  <outline text=\"Feed %d\" xmlUrl=\"%s/f/%d\"/>\n", i, f.URL, i)
	}
	b.WriteString("</outline>\n")
	b.WriteString(extra)
	return b.String()
}
