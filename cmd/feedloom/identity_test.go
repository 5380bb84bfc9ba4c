package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// A feed that puts a new GUID on every item on every build: the second
// poll switches the source to links (recorded and shown by status), and
// no item is stored or shown twice.
func TestChangingGUIDsFallBackToLinks(t *testing.T) {
	var build atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := build.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Unstable</title><link>https://unstable.example/</link><description>d</description>
<item><title>First post</title><link>https://unstable.example/first</link><guid isPermaLink="false">build-%[1]d-1</guid><pubDate>Mon, 23 Nov 2026 10:00:00 +0000</pubDate></item>
<item><title>Second post</title><link>https://unstable.example/second?utm_source=rss&amp;utm_campaign=build%[1]d</link><guid isPermaLink="false">build-%[1]d-2</guid><pubDate>Mon, 23 Nov 2026 11:00:00 +0000</pubDate></item>
</channel></rss>`, n)
	}))
	defer srv.Close()
	tmp := t.TempDir()
	opml := writeOPML(t, tmp, fmt.Sprintf(`<outline text="Unstable" xmlUrl="%s/feed.xml"/>`, srv.URL))
	args := []string{"--opml", opml, "--db", filepath.Join(tmp, "f.db"), "--out", filepath.Join(tmp, "out"), "--retention", "0"}
	for i := range 3 {
		if code, _, stderr := feedloom(t, append(args, "refresh", "--force")...); code != exitOK {
			t.Fatalf("refresh %d = %d: %s", i, code, stderr)
		}
	}
	feed := parseOutput(t, filepath.Join(tmp, "out", "all", "rss.xml"))
	if len(feed.Items) != 2 {
		var titles []string
		for _, it := range feed.Items {
			titles = append(titles, it.Title)
		}
		t.Errorf("all has %d items (%q), want 2", len(feed.Items), titles)
	}
	code, stdout, stderr := feedloom(t, append(args, "status", "--json")...)
	if code != exitOK {
		t.Fatalf("status = %d: %s", code, stderr)
	}
	var rows []struct {
		Identity       string `json:"identity"`
		IdentityReason string `json:"identity_reason"`
		ItemsStored    int    `json:"items_stored"`
	}
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatalf("status --json: %v\n%s", err, stdout)
	}
	if len(rows) != 1 || rows[0].Identity != "link" || !strings.Contains(rows[0].IdentityReason, "new guids") || rows[0].ItemsStored != 2 {
		t.Errorf("status = %+v, want identity link (new guids) and 2 items stored", rows)
	}
	if _, table, _ := feedloom(t, append(args, "status")...); !strings.Contains(table, "items identified by link: the feed gives the same links new guids") {
		t.Errorf("status table does not say the source went to links:\n%s", table)
	}
}
