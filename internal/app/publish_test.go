package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fetch"
	"github.com/feedloom/feedloom/output"
)

// countingStore counts the reads of every source record.
type countingStore struct {
	Store
	reads atomic.Int32
}

func (s *countingStore) SourceStates(ctx context.Context) (map[string]aggregator.SourceState, error) {
	s.reads.Add(1)
	return s.Store.SourceStates(ctx)
}

// openTestStore opens a bbolt store in a temporary folder holding the
// given source states.
func openTestStore(t testing.TB, states ...aggregator.SourceState) *countingStore {
	t.Helper()
	ctx := context.Background()
	db, err := OpenStore(ctx, filepath.Join(t.TempDir(), "feedloom.db"), StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var results []*aggregator.SourceResult
	for _, st := range states {
		results = append(results, &aggregator.SourceResult{State: st})
	}
	if _, err := db.Commit(ctx, results); err != nil {
		t.Fatal(err)
	}
	return &countingStore{Store: db}
}

// testCollection has n sources, each with its own site.
func testCollection(n int) *aggregator.Collection {
	col := &aggregator.Collection{Title: "Test"}
	for i := range n {
		u := fmt.Sprintf("http://feeds.test/%d.xml", i)
		col.Sources = append(col.Sources, aggregator.Source{URL: u, Location: u, SiteURL: fmt.Sprintf("http://site%d.test/", i), Line: i + 2})
	}
	return col
}

// A publish reads the source records once, for its check and for the
// health page alike.
func TestPublishReadsSourceStatesOnce(t *testing.T) {
	col := testCollection(3)
	at := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	db := openTestStore(t, aggregator.SourceState{URL: col.Sources[1].URL, LastAttempt: at, LastStatus: 304})
	dir := t.TempDir()
	if _, err := Publish(context.Background(), &Content{DB: db, Col: col}, dir, output.Options{BaseURL: "https://example.org/feeds/"}); err != nil {
		t.Fatal(err)
	}
	if got := db.reads.Load(); got != 1 {
		t.Errorf("source records read %d times, want 1", got)
	}
	page, err := os.ReadFile(filepath.Join(dir, "health.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range col.Sources {
		if !strings.Contains(string(page), s.SiteURL) {
			t.Errorf("health page does not link %s", s.SiteURL)
		}
	}
}

// Each health row links its own source's site, also when the rows are
// not in OPML order (failing sources come first).
func TestHealthRowsLinkTheirOwnSite(t *testing.T) {
	col := testCollection(3)
	at := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	db := openTestStore(t,
		aggregator.SourceState{URL: col.Sources[0].URL, LastAttempt: at, LastStatus: 200},
		aggregator.SourceState{URL: col.Sources[2].URL, LastAttempt: at, LastStatus: 500, ConsecutiveFailures: 2, FailingSince: at.Add(-time.Hour)},
	)
	h, err := (&Content{DB: db, Col: col}).Health(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Sources) != 3 || h.Sources[0].URL != col.Sources[2].URL {
		t.Fatalf("rows %+v; want 3, the failing one first", h.Sources)
	}
	for _, r := range h.Sources {
		if want := col.Source(r.URL).SiteURL; r.SiteURL != want {
			t.Errorf("%s: site %s, want %s", r.URL, r.SiteURL, want)
		}
	}
}

// BenchmarkHealth builds the health page data of 10,000 sources, as every
// refresh does.
func BenchmarkHealth(b *testing.B) {
	col := testCollection(10000)
	at := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	var states []aggregator.SourceState
	for _, s := range col.Sources {
		states = append(states, aggregator.SourceState{URL: s.URL, LastAttempt: at, LastStatus: 304})
	}
	c := &Content{DB: openTestStore(b, states...), Col: col}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Health(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// warmRefresh is a refresh of n sources, each of which has been polled and
// answers 304 now; its store counts the reads of the source records.
func warmRefresh(t testing.TB, n int) (*Refresh, *countingStore) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%[1]s</title><link>http://site.test/</link>
<item><title>Item %[1]s</title><link>http://site.test%[1]s</link><guid>%[1]s</guid></item></channel></rss>`, r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	col := &aggregator.Collection{Title: "Test"}
	for i := range n {
		u := fmt.Sprintf("%s/%d.xml", srv.URL, i)
		col.Sources = append(col.Sources, aggregator.Source{URL: u, Location: u, Line: i + 2})
	}
	db := openTestStore(t)
	client := fetch.New(fetch.Options{})
	t.Cleanup(client.CloseIdleConnections)
	r := &Refresh{
		DB: db, Col: col, Log: slog.New(slog.DiscardHandler), Force: true,
		Refresher: &aggregator.Refresher{Store: db, Fetcher: client, Normaliser: aggregator.NewNormaliser()},
		Site:      &Content{DB: db, Col: col}, Out: filepath.Join(t.TempDir(), "out"),
		Output: output.Options{BaseURL: "https://example.org/feeds/"},
	}
	if _, err := r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	db.reads.Store(0)
	return r, db
}

// A refresh decodes the source records twice: to choose the sources (and
// poll from them), and after polling, once for judging health and for
// publishing (the check of every record, and the health page).
func TestRefreshReadsSourceStatesTwice(t *testing.T) {
	r, db := warmRefresh(t, 5)
	res, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Polled.NotModified != 5 {
		t.Fatalf("polled: %s", res.Polled)
	}
	if got := db.reads.Load(); got != 2 {
		t.Errorf("source records read %d times, want 2", got)
	}
}

// BenchmarkWarmRefresh is a whole refresh of 1,000 sources that all answer
// 304, from one loopback host.
func BenchmarkWarmRefresh(b *testing.B) {
	r, _ := warmRefresh(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		res, err := r.Run(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if res.Polled.NotModified != 1000 {
			b.Fatalf("polled: %s", res.Polled)
		}
	}
}
