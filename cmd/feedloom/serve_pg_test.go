package main

import (
	"bytes"
	"context"
	"io"
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
	addr := freeAddr(t)
	base := "http://" + addr
	ctx, stop := context.WithCancel(context.Background())
	var code int
	var stderr bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		code = run(ctx, append([]string{"feedloom"}, append(e.args, "serve", "--listen", addr, "--min-interval", "1s")...), io.Discard, &stderr)
	}()
	defer func() { stop(); <-done }()
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
	stop()
	<-done
	if code != exitOK {
		t.Fatalf("serve exited %d: %s", code, stderr.String())
	}
}
