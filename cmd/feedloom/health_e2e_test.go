package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/internal/app"
)

type e2e struct {
	t    *testing.T
	tmp  string
	opml string
	args []string
}

func newE2E(t *testing.T, outlines string) *e2e {
	tmp := t.TempDir()
	opml := writeOPML(t, tmp, outlines)
	return &e2e{t: t, tmp: tmp, opml: opml,
		args: []string{"--opml", opml, "--db", filepath.Join(tmp, "db"), "--out", filepath.Join(tmp, "out")}}
}

func (e *e2e) run(args ...string) (int, string, string) {
	e.t.Helper()
	return feedloom(e.t, append(append([]string{}, e.args...), args...)...)
}

func (e *e2e) status() map[string]app.SourceStatus {
	e.t.Helper()
	code, stdout, stderr := e.run("status", "--json")
	if code != exitOK {
		e.t.Fatalf("status --json = %d: %s", code, stderr)
	}
	var rows []app.SourceStatus
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		e.t.Fatalf("status --json: %v\n%s", err, stdout)
	}
	out := map[string]app.SourceStatus{}
	for _, r := range rows {
		out[r.URL] = r
	}
	return out
}

func TestRefreshFailAfter(t *testing.T) {
	f := newFarm(t)
	bad := f.URL + "/f/bad"
	e := newE2E(t, farmOPML(f, 2, `<outline text="Bad" xmlUrl="`+bad+`"/>`))
	f.set(func(f *farm) { f.status["/f/bad"] = 500 })

	// Failing for less than --fail-after: silent, exit 0.
	code, stdout, stderr := e.run("refresh", "--fail-after", "1h")
	if code != exitOK || stdout != "" || stderr != "" {
		t.Fatalf("refresh --fail-after 1h = %d, %q, %q; want 0 and silence", code, stdout, stderr)
	}
	// With -v the young failure is shown, still exit 0.
	code, _, stderr = e.run("-v", "refresh", "--force", "--fail-after", "1h")
	if code != exitOK || !strings.Contains(stderr, "within --fail-after") || !strings.Contains(stderr, bad) {
		t.Errorf("-v refresh --fail-after 1h = %d, %q; want 0 and the failure listed", code, stderr)
	}
	// Failing for longer: reported on stderr, exit 3; the good ones are not.
	code, _, stderr = e.run("refresh", "--fail-after", "1ns")
	if code != exitFailures || !strings.Contains(stderr, bad) || !strings.Contains(stderr, "HTTP 500") ||
		!strings.Contains(stderr, "1 of 3 sources failing for longer than 1ns") || strings.Contains(stderr, "/f/0") {
		t.Errorf("refresh --fail-after 1ns = %d, %q; want 3 and only the bad source", code, stderr)
	}
	// Flags may follow the named sources.
	if code, _, stderr := e.run("refresh", bad, "--fail-after", "1h"); code != exitOK || stderr != "" {
		t.Errorf("refresh URL --fail-after 1h = %d, %q", code, stderr)
	}
	// The default (0) reports any failing source.
	if code, _, _ := e.run("refresh"); code != exitFailures {
		t.Errorf("refresh = %d, want 3", code)
	}
	st := e.status()[bad]
	if st.State != app.StateFailing || st.ConsecutiveFailures != 3 || st.ErrorKind != "http" || st.FailingForSeconds < 0 {
		t.Errorf("status of the bad source: %+v", st)
	}
	// Once it works again, all is quiet.
	f.set(func(f *farm) { delete(f.status, "/f/bad") })
	if code, stdout, stderr := e.run("refresh", bad); code != exitOK || stdout != "" || stderr != "" {
		t.Errorf("refresh after the fix = %d, %q, %q", code, stdout, stderr)
	}
	if st := e.status()[bad]; st.State != app.StateOK || st.Failing {
		t.Errorf("after the fix: %+v", st)
	}
}

func TestGoneSource(t *testing.T) {
	f := newFarm(t)
	gone := f.URL + "/f/gone"
	e := newE2E(t, farmOPML(f, 1, `<outline text="Gone" xmlUrl="`+gone+`"/>`))
	f.set(func(f *farm) { f.status["/f/gone"] = 410 })
	if code, _, stderr := e.run("refresh"); code != exitFailures || !strings.Contains(stderr, "stopped polling") {
		t.Fatalf("refresh = %d, %q; want 3 and the 410 explained", code, stderr)
	}
	f.take()
	// --force skips it; it stays reported.
	if code, _, _ := e.run("refresh", "--force"); code != exitFailures {
		t.Errorf("refresh --force = %d, want 3 (the gone source is still a problem)", code)
	}
	if req, _, _ := f.take(); req != 1 {
		t.Errorf("refresh --force made %d requests, want 1 (not the gone source)", req)
	}
	if st := e.status()[gone]; st.State != app.StateGone || !st.Gone {
		t.Errorf("status: %+v", st)
	}
	_, table, _ := e.run("status")
	if !strings.Contains(table, "GONE") || !strings.Contains(table, "stopped") {
		t.Errorf("status table does not mark the gone source:\n%s", table)
	}
	// Removed and added again, it is polled again.
	orig, _ := os.ReadFile(e.opml)
	if code, _, stderr := e.run("sources", "remove", gone); code != exitOK {
		t.Fatalf("sources remove = %d: %s", code, stderr)
	}
	f.set(func(f *farm) { delete(f.status, "/f/gone") })
	code, stdout, stderr := e.run("sources", "add", gone)
	if code != exitOK || !strings.Contains(stdout, "polled again") {
		t.Fatalf("sources add = %d, %q, %q", code, stdout, stderr)
	}
	if st := e.status()[gone]; st.Gone {
		t.Errorf("re-added source is still gone: %+v", st)
	}
	if code, _, stderr := e.run("refresh"); code != exitOK {
		t.Errorf("refresh after re-adding = %d: %s", code, stderr)
	}
	_ = orig
}

func TestRefreshUpdateOPML(t *testing.T) {
	f := newFarm(t)
	old, target := f.URL+"/f/old", f.URL+"/f/new"
	e := newE2E(t, farmOPML(f, 1, `<!-- keep me -->
<outline text="Moving &amp; shaking" xmlUrl="`+old+`" htmlUrl="http://site.test/" custom='x'/>`))
	f.set(func(f *farm) { f.moved["/f/old"] = "/f/new" })
	orig, _ := os.ReadFile(e.opml)
	grace := []string{"--force", "--moved-grace", "1ns", "--moved-polls", "3"}
	for i := range 2 {
		if code, _, stderr := e.run(append([]string{"refresh", "--update-opml"}, grace...)...); code != exitOK {
			t.Fatalf("refresh %d = %d: %s", i+1, code, stderr)
		}
	}
	if now, _ := os.ReadFile(e.opml); !bytes.Equal(now, orig) {
		t.Fatal("the OPML changed before the grace period was over")
	}
	st := e.status()[old]
	if st.RedirectTo != target || st.RedirectCount != 2 || st.Moved {
		t.Errorf("after 2 polls: %+v", st)
	}
	// The third poll completes the grace; without --update-opml it is
	// only reported.
	if code, _, stderr := e.run(append([]string{"refresh"}, grace...)...); code != exitOK || stderr != "" {
		t.Fatalf("refresh 3 = %d, %q", code, stderr)
	}
	if st := e.status()[old]; st.State != app.StateMoved || st.MovedTo != target {
		t.Errorf("status after the grace: %+v", st)
	}
	_, table, _ := e.run("status")
	if !strings.Contains(table, "MOVED") || !strings.Contains(table, "moved to "+target) {
		t.Errorf("status table:\n%s", table)
	}
	if code, _, stderr := e.run(append([]string{"refresh", "--update-opml"}, grace...)...); code != exitOK {
		t.Fatalf("refresh --update-opml = %d: %s", code, stderr)
	}
	got, _ := os.ReadFile(e.opml)
	want := bytes.Replace(orig, []byte(`xmlUrl="`+old+`"`), []byte(`xmlUrl="`+target+`"`), 1)
	if !bytes.Equal(got, want) {
		t.Errorf("OPML after --update-opml:\n%s\nwant exactly the one xmlUrl changed:\n%s", got, want)
	}
	if bak, _ := os.ReadFile(e.opml + ".bak"); !bytes.Equal(bak, orig) {
		t.Error("the backup is not the original file")
	}
	rows := e.status()
	if _, ok := rows[old]; ok {
		t.Error("status still lists the old URL")
	}
	if st := rows[target]; !st.Polled || st.MovedFrom != old || st.ETag == "" || st.State != app.StateOK {
		t.Errorf("state under the new URL: %+v", st)
	}
	// The next poll goes straight to the new URL, conditionally.
	f.take()
	if code, _, stderr := e.run("refresh", target); code != exitOK {
		t.Fatalf("refresh the new URL = %d: %s", code, stderr)
	}
	if req, cond, _ := f.take(); req != 1 || cond != 1 {
		t.Errorf("polling the new URL: %d requests, %d conditional; want 1, 1", req, cond)
	}
}

func TestContactAndLimitFlags(t *testing.T) {
	f := newFarm(t)
	e := newE2E(t, farmOPML(f, 1, ""))
	if code, _, stderr := e.run("refresh", "--contact", "mailto:ops@example.org"); code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	f.mu.Lock()
	for ua := range f.userAgents {
		if !strings.HasPrefix(ua, "feedloom/") || !strings.HasSuffix(ua, "(+mailto:ops@example.org)") {
			t.Errorf("User-Agent %q, want the contact in place of the project URL", ua)
		}
	}
	f.mu.Unlock()
	for _, bad := range [][]string{
		{"--contact", "not a url"},
		{"--max-body", "lots"},
		{"--min-interval", "0s"},
		{"--max-interval", "1m"},
		{"--per-host", "0"},
	} {
		code, _, stderr := e.run(append([]string{"refresh"}, bad...)...)
		if code != exitConfig || !strings.Contains(stderr, bad[0]) {
			t.Errorf("refresh %v = %d, %q; want 2 naming the flag", bad, code, stderr)
		}
	}
	// A bad flag stops the run before the database is created.
	e = newE2E(t, farmOPML(f, 1, ""))
	if code, _, _ := e.run("refresh", "--max-body", "huge"); code != exitConfig {
		t.Errorf("refresh --max-body huge = %d", code)
	}
	if _, err := os.Stat(filepath.Join(e.tmp, "db")); err == nil {
		t.Error("a configuration error created the database")
	}
	// A tiny --max-body makes a source fail as too large.
	e = newE2E(t, farmOPML(f, 1, ""))
	code, _, stderr := e.run("refresh", "--max-body", "100B")
	if code != exitFailures || !strings.Contains(stderr, "too-large") {
		t.Errorf("refresh --max-body 100B = %d, %q", code, stderr)
	}
}
