package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/opml"
	"github.com/feedloom/feedloom/internal/app"
)

// TestStatusRendering pins the table and the JSON for every state a
// source can be in, failing ones first (the longest failing first).
func TestStatusRendering(t *testing.T) {
	now := time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC)
	col, err := opml.Parse([]byte(`<opml version="2.0"><body>
<outline text="Fine" xmlUrl="https://fine.example/feed"/>
<outline text="Brand new" xmlUrl="https://new.example/feed"/>
<outline text="Flaky" xmlUrl="https://flaky.example/feed"/>
<outline text="Moved away" xmlUrl="https://old.example/feed"/>
<outline text="Removed" xmlUrl="https://gone.example/feed"/>
<outline text="Redirecting" xmlUrl="https://redir.example/feed"/>
<outline text="Locked" xmlUrl="https://locked.example/feed"/>
<outline text="Quiet" xmlUrl="https://quiet.example/feed"/>
</body></opml>`), "feeds.opml", "/", nil)
	if err != nil {
		t.Fatal(err)
	}
	h := func(n int) time.Time { return now.Add(-time.Duration(n) * time.Hour) }
	states := map[string]aggregator.SourceState{
		"https://fine.example/feed": {LastAttempt: h(1), LastSuccess: h(1), LastStatus: 304, NextDue: now.Add(20 * time.Minute),
			ETag: `"abc"`, ItemsStored: 42, IntervalSeconds: 1800, Generation: 7, Digests: aggregator.Digests{1, 2}},
		"https://flaky.example/feed": {LastAttempt: h(1), LastSuccess: h(30), LastStatus: 503, ErrorKind: aggregator.ErrKindRateLimited,
			LastError:           "HTTP 503 Service Unavailable; it asked to wait 2h0m0s: next try after 2026-06-10T13:00:00Z",
			ConsecutiveFailures: 4, FailingSince: h(29), NextDue: now.Add(time.Hour), ItemsStored: 7},
		"https://old.example/feed": {LastAttempt: h(2), LastSuccess: h(2), LastStatus: 200, NextDue: now.Add(10 * time.Minute),
			RedirectTo: "https://new-home.example/feed", RedirectFirstSeen: h(24 * 8), RedirectCount: 9, Moved: true, ItemsStored: 3},
		"https://gone.example/feed": {LastAttempt: h(72), LastSuccess: h(100), LastStatus: 410, ErrorKind: aggregator.ErrKindGone,
			LastError:           "HTTP 410 Gone: the publisher removed this feed and feedloom stopped polling it; remove the source from the OPML or give it a new URL",
			ConsecutiveFailures: 1, FailingSince: h(72), Gone: true},
		"https://redir.example/feed": {LastAttempt: h(1), LastSuccess: h(1), LastStatus: 200, NextDue: now.Add(5 * time.Minute),
			RedirectTo: "https://redir2.example/feed", RedirectFirstSeen: h(26), RedirectCount: 2},
		"https://locked.example/feed": {LastAttempt: h(1), LastSuccess: h(50), LastStatus: 403, ErrorKind: aggregator.ErrKindAuth,
			LastError:           "HTTP 403 Forbidden: the server refuses access; the feed may need a login, or the server blocks feedloom",
			ConsecutiveFailures: 6, FailingSince: h(49), NextDue: now.Add(15 * time.Hour)},
		"https://quiet.example/feed": {LastAttempt: h(1), LastSuccess: h(1), LastStatus: 200, NextDue: now.Add(30 * time.Minute),
			LastWarning: "the document is a feed but lists no items"},
	}
	rows := app.Status(col, states, now)
	wantOrder := []string{"gone", "locked", "flaky", "old", "fine", "new", "redir", "quiet"}
	for i, w := range wantOrder {
		if got := rows[i].URL; got != "https://"+w+".example/feed" {
			t.Errorf("row %d is %s, want the %s source", i, got, w)
		}
	}
	var table bytes.Buffer
	app.WriteStatus(&table, rows, now)
	checkGolden(t, filepath.Join("testdata", "status", "table.golden"), table.String())
	js, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("testdata", "status", "status.json.golden"), string(js)+"\n")
}
