package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// movingFeed serves one feed at /old, and after move() answers /old with a
// 301 to /new, which serves the same document (plus any items added).
type movingFeed struct {
	*httptest.Server
	mu    sync.Mutex
	moved bool
	items int
}

func newMovingFeed(t *testing.T) *movingFeed {
	m := &movingFeed{items: 3}
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		defer m.mu.Unlock()
		switch {
		case r.URL.Path == "/old" && m.moved:
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		case r.URL.Path == "/old" || (r.URL.Path == "/new" && m.moved):
		default:
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"v%d"`, m.items)
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Mover</title><link>http://mover.test/</link>`)
		for i := 1; i <= m.items; i++ {
			fmt.Fprintf(w, `<item><title>Move story %[1]d</title><link>http://mover.test/%[1]d</link><guid>mover-%[1]d</guid><pubDate>Mon, 0%[1]d Jun 2026 08:00:00 GMT</pubDate></item>`, i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(m.Close)
	return m
}

func (m *movingFeed) set(fn func()) { m.mu.Lock(); fn(); m.mu.Unlock() }

// jsonFeedIDs returns the item ids and titles of a JSON Feed output.
func jsonFeedIDs(t *testing.T, path string) (ids, titles []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Items []struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"items"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, it := range doc.Items {
		ids, titles = append(ids, it.ID), append(titles, it.Title)
	}
	return ids, titles
}

// TestMovedSourceKeepsItsHistory: a source that moves (301 over the grace
// period) and is rewritten by --update-opml keeps every entry in `all` and
// its category, under the same ids; later polls of the new URL add only
// what is new.
func TestMovedSourceKeepsItsHistory(t *testing.T) {
	m := newMovingFeed(t)
	f := newFarm(t)
	e := newE2E(t, farmOPML(f, 1, `<outline text="Movers"><outline text="Mover" xmlUrl="`+m.URL+`/old"/></outline>`))
	if code, _, stderr := e.run("refresh"); code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	out := filepath.Join(e.tmp, "out")
	allBefore, _ := jsonFeedIDs(t, filepath.Join(out, "all", "feed.json"))
	catBefore, _ := jsonFeedIDs(t, filepath.Join(out, "movers", "feed.json"))
	if len(allBefore) != 4 || len(catBefore) != 3 {
		t.Fatalf("before the move: all %d, movers %d entries; want 4 and 3", len(allBefore), len(catBefore))
	}

	m.set(func() { m.moved = true })
	grace := []string{"refresh", "--force", "--update-opml", "--moved-grace", "1ns", "--moved-polls", "2"}
	for i := range 2 {
		if code, _, stderr := e.run(grace...); code != exitOK {
			t.Fatalf("refresh %d = %d: %s", i+1, code, stderr)
		}
	}
	if opml, _ := os.ReadFile(e.opml); !strings.Contains(string(opml), m.URL+"/new") {
		t.Fatalf("the OPML was not updated:\n%s", opml)
	}
	if code, _, stderr := e.run("publish"); code != exitOK {
		t.Fatalf("publish = %d: %s", code, stderr)
	}
	allAfter, _ := jsonFeedIDs(t, filepath.Join(out, "all", "feed.json"))
	catAfter, _ := jsonFeedIDs(t, filepath.Join(out, "movers", "feed.json"))
	if !slices.Equal(allAfter, allBefore) || !slices.Equal(catAfter, catBefore) {
		t.Fatalf("the move changed the outputs:\nall %q\nwas %q\nmovers %q\nwas %q", allAfter, allBefore, catAfter, catBefore)
	}

	// The new URL's document with one more item: only that one is new.
	m.set(func() { m.items = 4 })
	if code, _, stderr := e.run("refresh", "--force"); code != exitOK {
		t.Fatalf("refresh of the new URL = %d: %s", code, stderr)
	}
	ids, titles := jsonFeedIDs(t, filepath.Join(out, "movers", "feed.json"))
	if len(ids) != 4 || !slices.Equal(ids[1:], catBefore) || titles[0] != "Move story 4" {
		t.Errorf("after a poll of the new URL the category holds %q (%q); want the new story first, then the same three", ids, titles)
	}
	// Every story has one item: nothing was stored twice, nobody is
	// credited twice.
	for _, s := range contents(t, filepath.Join(e.tmp, "db")) {
		if strings.Contains(s, " + ") {
			t.Errorf("a story with two items: %s", s)
		}
		if strings.Contains(s, "/old ") {
			t.Errorf("an item still under the old URL: %s", s)
		}
	}
	checkAfterKill(t, filepath.Join(e.tmp, "db"), "after the move")
}
