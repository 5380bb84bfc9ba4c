package main

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestServeOnPostgreSQL: serve polls, publishes and serves from a
// PostgreSQL store as from a file, new items included.
func TestServeOnPostgreSQL(t *testing.T) {
	g := &growingFeed{items: 2}
	upstream := httptest.NewServer(g)
	defer upstream.Close()
	e, _ := newPostgresE2E(t, `<outline text="Growing" xmlUrl="`+upstream.URL+`/feed"/>`)
	srv := startServe(t, e.args)
	base, stderr := srv.base, &srv.stderr
	if !waitFor(10*time.Second, func() bool {
		_, b := httpGet(t, base+"/all/rss.xml", nil)
		return bytes.Contains(b, []byte("Story number 2"))
	}) {
		t.Fatalf("the site is not served: %s", stderr.String())
	}
	g.mu.Lock()
	g.items = 3
	g.mu.Unlock()
	if !waitFor(10*time.Second, func() bool {
		_, b := httpGet(t, base+"/all/rss.xml", nil)
		return bytes.Contains(b, []byte("Story number 3"))
	}) {
		t.Errorf("the new item was not published within 10 s: %s", stderr.String())
	}
	if r, b := httpGet(t, base+"/readyz", nil); r.StatusCode != 200 || !strings.Contains(string(b), `"ready":true`) {
		t.Errorf("/readyz: %d %s", r.StatusCode, b)
	}
	if code := srv.end(); code != exitOK {
		t.Fatalf("serve exited %d: %s", code, stderr.String())
	}
}
