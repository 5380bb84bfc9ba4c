package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedloom/feedloom/internal/app"
	"github.com/mmcdole/gofeed"
)

// origin serves files from a folder with ETag and Last-Modified, answers
// conditional requests with 304, and counts what it was asked.
type origin struct {
	*httptest.Server
	mu          sync.Mutex
	requests    int
	conditional int
	served200   int
	userAgents  []string
}

func newOrigin(t *testing.T, dir string) *origin {
	o := &origin{}
	lastMod := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := os.ReadFile(filepath.Join(dir, filepath.Base(r.URL.Path)))
		o.mu.Lock()
		defer o.mu.Unlock()
		o.requests++
		o.userAgents = append(o.userAgents, r.UserAgent())
		if err != nil {
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))[:18] + `"`
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod.Format(http.TimeFormat))
		if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
			o.conditional++
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		o.served200++
		w.Write(body)
	}))
	t.Cleanup(o.Close)
	return o
}

func (o *origin) counts() (requests, conditional, ok int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.requests, o.conditional, o.served200
}

func writeOPML(t *testing.T, dir, body string) string {
	t.Helper()
	p := filepath.Join(dir, "feeds.opml")
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Test news</title><ownerName>Tester</ownerName></head><body>
` + body + `
</body></opml>`
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// feedloom runs the command line in-process and returns its exit code and
// what it wrote.
func feedloom(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"feedloom"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

type fileSnap struct {
	data []byte
	mod  time.Time
}

func snapshot(t *testing.T, dir string) map[string]fileSnap {
	t.Helper()
	snap := map[string]fileSnap{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		fi, _ := d.Info()
		rel, _ := filepath.Rel(dir, p)
		snap[rel] = fileSnap{data, fi.ModTime()}
		return nil
	})
	return snap
}

func TestRefreshEndToEnd(t *testing.T) {
	tmp := t.TempDir()
	srv := newOrigin(t, "testdata/e2e")
	opml := writeOPML(t, tmp, fmt.Sprintf(`
<outline text="Coast">
  <outline text="Harbour Gazette" xmlUrl="%[1]s/rss2.xml"/>
  <outline text="Orchard Notes" xmlUrl="%[1]s/feed.json"/>
</outline>
<outline text="Inland">
  <outline text="Valley Times" xmlUrl="%[1]s/rss1.rdf"/>
  <outline text="Peak Weekly" xmlUrl="%[1]s/atom.xml"/>
</outline>`, srv.URL))
	db, out := filepath.Join(tmp, "feedloom.db"), filepath.Join(tmp, "public")
	args := []string{"--opml", opml, "--db", db, "--out", out, "--base-url", "https://news.example/"}

	code, stdout, stderr := feedloom(t, append(args, "refresh")...)
	if code != exitOK || stdout != "" || stderr != "" {
		t.Fatalf("refresh = %d, stdout %q, stderr %q; want 0 and silence", code, stdout, stderr)
	}
	for _, slug := range []string{"all", "coast", "inland"} {
		for _, f := range []string{"rss.xml", "atom.xml", "feed.json", "index.html"} {
			if _, err := os.Stat(filepath.Join(out, slug, f)); err != nil {
				t.Errorf("missing output: %v", err)
			}
		}
	}
	for _, f := range []string{"index.html", "outputs.opml"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing site file: %v", err)
		}
	}

	wantTitles := []string{
		"Apple harvest is in", "Bridge reopens after repairs", "Cider season", "Ferry timetable changes & new routes",
		"Harbour festival draws record crowds", "School gets new roof", "Snow arrives early", "Trail guide updated",
		"Undated notice about parking",
	}
	for _, f := range []string{"rss.xml", "atom.xml", "feed.json"} {
		feed := parseOutput(t, filepath.Join(out, "all", f))
		var got []string
		for _, it := range feed.Items {
			got = append(got, it.Title)
		}
		slices.Sort(got)
		if !slices.Equal(got, wantTitles) {
			t.Errorf("all/%s titles = %q, want every fixture item exactly once: %q", f, got, wantTitles)
		}
	}
	if n := len(parseOutput(t, filepath.Join(out, "coast", "rss.xml")).Items); n != 5 {
		t.Errorf("coast has %d items, want 5", n)
	}
	if n := len(parseOutput(t, filepath.Join(out, "inland", "atom.xml")).Items); n != 4 {
		t.Errorf("inland has %d items, want 4", n)
	}
	all, _ := os.ReadFile(filepath.Join(out, "all", "rss.xml"))
	for _, bad := range []string{"<script", "onerror", "alert(1)"} {
		if bytes.Contains(all, []byte(bad)) {
			t.Errorf("all/rss.xml contains %q: content was not sanitised", bad)
		}
	}
	if !bytes.Contains(all, []byte("http://harbour.test/routes")) {
		t.Error("relative link in content was not resolved against the item link")
	}

	// A second run fetches conditionally and rewrites nothing.
	before := snapshot(t, out)
	time.Sleep(20 * time.Millisecond) // a rewrite would show in the mtime
	req0, cond0, ok0 := srv.counts()
	code, stdout, stderr = feedloom(t, append(args, "refresh", "--force")...)
	if code != exitOK || stdout != "" || stderr != "" {
		t.Fatalf("second refresh = %d, %q, %q", code, stdout, stderr)
	}
	req1, cond1, ok1 := srv.counts()
	if req1-req0 != 4 || cond1-cond0 != 4 || ok1 != ok0 {
		t.Errorf("second refresh: %d requests, %d conditional, %d full responses; want 4, 4, 0", req1-req0, cond1-cond0, ok1-ok0)
	}
	after := snapshot(t, out)
	if len(after) != len(before) {
		t.Errorf("second refresh changed the file set: %d → %d files", len(before), len(after))
	}
	for name, b := range before {
		a := after[name]
		if name == "health.html" { // says when the sources were last polled
			continue
		}
		if !bytes.Equal(a.data, b.data) || !a.mod.Equal(b.mod) {
			t.Errorf("%s changed on an unchanged refresh", name)
		}
	}
	srv.mu.Lock()
	for _, ua := range srv.userAgents {
		if !strings.HasPrefix(ua, "feedloom/") || !strings.Contains(ua, app.ProjectURL) {
			t.Errorf("User-Agent %q, want feedloom/VERSION (+%s)", ua, app.ProjectURL)
		}
	}
	srv.mu.Unlock()
}

func parseOutput(t *testing.T, path string) *gofeed.Feed {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	feed, err := gofeed.NewParser().Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return feed
}
