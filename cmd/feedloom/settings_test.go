package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/internal/app"
)

// items counts the entries of an output's JSON Feed.
func items(t *testing.T, e *e2e, slug string) int {
	t.Helper()
	return len(parseOutput(t, filepath.Join(e.tmp, "out", slug, "feed.json")).Items)
}

// TestOneFeedInTwoFolders: a feed reader's export lists a feed in two
// folders; it is one source in both categories, once in "all".
func TestOneFeedInTwoFolders(t *testing.T) {
	f := newFarm(t)
	e := newE2E(t, fmt.Sprintf(`<outline text="Coast"><outline text="Zero" xmlUrl="%[1]s/f/0"/><outline text="One" xmlUrl="%[1]s/f/1"/></outline>
<outline text="Favourites"><outline text="Zero again" xmlUrl="%[1]s/f/0"/></outline>`, f.URL))
	if code, _, stderr := e.run("refresh"); code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	if req, _, _ := f.take(); req != 2 {
		t.Errorf("%d requests, want 2 (the shared feed once)", req)
	}
	for slug, want := range map[string]int{"all": 2, "coast": 2, "favourites": 1} {
		if got := items(t, e, slug); got != want {
			t.Errorf("%s holds %d items, want %d", slug, got, want)
		}
	}
}

// TestPerOutputLimits: maxItems on a topic, a folder and the head
// override --max-items for those outputs only.
func TestPerOutputLimits(t *testing.T) {
	f := newFarm(t)
	var outlines strings.Builder
	outlines.WriteString(`<outline text="Farm" maxItems="0">`)
	for i := range 8 {
		fmt.Fprintf(&outlines, `<outline text="F%d" xmlUrl="%s/f/%d"/>`, i, f.URL, i)
	}
	outlines.WriteString(`</outline><outline text="Few" maxItems="3"><outline text="F0" xmlUrl="` + f.URL + `/f/0"/><outline text="F9" xmlUrl="` + f.URL + `/f/9"/><outline text="F10" xmlUrl="` + f.URL + `/f/10"/><outline text="F11" xmlUrl="` + f.URL + `/f/11"/></outline>`)
	outlines.WriteString(`<outline type="topic" text="Stories" query="story" maxItems="5"/>`)
	e := newE2E(t, outlines.String())
	if code, _, stderr := e.run("--max-items", "7", "refresh"); code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	for slug, want := range map[string]int{"all": 7, "farm": 8, "few": 3, "stories": 5} {
		if got := items(t, e, slug); got != want {
			t.Errorf("%s holds %d items, want %d", slug, got, want)
		}
	}
	// A bad value is a configuration error that names the line.
	bad := newE2E(t, `<outline text="X" maxAge="a while"><outline xmlUrl="`+f.URL+`/f/0"/></outline>`)
	code, _, stderr := bad.run("check")
	if code != exitConfig || !strings.Contains(stderr, `feeds.opml:3: folder "X": maxAge="a while" is not a duration`) {
		t.Errorf("check = %d: %s", code, stderr)
	}
}

// TestCredentialsFromTheEnvironment: a source behind Basic auth and a
// token header refreshes with credentials the OPML names by environment
// variable, and neither secret appears in any file feedloom wrote nor in
// any line it logged at debug level.
func TestCredentialsFromTheEnvironment(t *testing.T) {
	const user, pass, token = "reader", "pa55-Secret-7f3a", "tok-Secret-91bc"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != user || p != pass || r.Header.Get("X-Api-Key") != token {
			w.Header().Set("WWW-Authenticate", `Basic realm="private"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		fmt.Fprint(w, `<rss version="2.0"><channel><title>Private</title><link>http://private.test/</link>
<item><title>Members only</title><link>http://private.test/1</link><guid>p1</guid></item></channel></rss>`)
	}))
	defer srv.Close()
	t.Setenv("FEEDLOOM_TEST_PRIVATE", user+":"+pass)
	t.Setenv("FEEDLOOM_TEST_TOKEN", token)
	e := newE2E(t, `<outline text="Private" xmlUrl="`+srv.URL+`/feed" authEnv="FEEDLOOM_TEST_PRIVATE" headers="X-Api-Key: $FEEDLOOM_TEST_TOKEN"/>`)
	code, stdout, stderr := e.run("--log-level", "debug", "-v", "refresh")
	if code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	if got := items(t, e, "all"); got != 1 {
		t.Fatalf("all holds %d items, want 1", got)
	}
	_, statusOut, _ := e.run("--log-level", "debug", "status", "--json")
	_, table, _ := e.run("status")
	st := e.status()[srv.URL+"/feed"]
	if st.Settings == nil || st.Settings.AuthEnv != "FEEDLOOM_TEST_PRIVATE" || len(st.Settings.Headers) != 1 {
		t.Errorf("status settings %+v", st.Settings)
	}
	secrets := []string{pass, token, base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))}
	logs := stdout + stderr + statusOut + table
	filepath.WalkDir(e.tmp, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s holds a secret", p)
			}
		}
		return nil
	})
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("a secret was logged or printed")
		}
	}
	if !strings.Contains(stderr, "committed") {
		t.Error("the debug log is missing: the check above proved nothing")
	}
	// Without the variable, check names it and the line.
	os.Unsetenv("FEEDLOOM_TEST_PRIVATE")
	if code, _, stderr := e.run("check"); code != exitConfig || !strings.Contains(stderr, "FEEDLOOM_TEST_PRIVATE is not set") {
		t.Errorf("check without the variable = %d: %s", code, stderr)
	}
}

// TestPausedAndFixedIntervalSources: a paused source is not polled (nor
// reported as failing) but keeps its items; a source with interval="3h"
// is next due three hours later whatever the schedule says.
func TestPausedAndFixedIntervalSources(t *testing.T) {
	f := newFarm(t)
	outlines := fmt.Sprintf(`<outline text="Steady" xmlUrl="%[1]s/f/0" interval="3h"/><outline text="Resting" xmlUrl="%[1]s/f/1"/>`, f.URL)
	e := newE2E(t, outlines)
	if code, _, stderr := e.run("refresh"); code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	st := e.status()[f.URL+"/f/0"]
	if st.IntervalSeconds != 3*3600 || time.Until(st.NextDue) < 2*time.Hour+30*time.Minute {
		t.Errorf("interval %ds, next due in %s; want 3h", st.IntervalSeconds, time.Until(st.NextDue).Round(time.Minute))
	}
	// Pause the second source, and make it fail were it polled.
	writeOPML(t, e.tmp, fmt.Sprintf(`<outline text="Steady" xmlUrl="%[1]s/f/0" interval="3h"/><outline text="Resting" xmlUrl="%[1]s/f/1" paused="true"/>`, f.URL))
	f.set(func(f *farm) { f.status["/f/1"] = http.StatusInternalServerError })
	f.take()
	if code, _, stderr := e.run("refresh", "--force"); code != exitOK {
		t.Fatalf("refresh --force = %d: %s", code, stderr)
	}
	if req, _, _ := f.take(); req != 1 {
		t.Errorf("%d requests, want 1 (the paused source is skipped)", req)
	}
	if got := items(t, e, "all"); got != 2 {
		t.Errorf("all holds %d items, want 2: a paused source keeps its items", got)
	}
	if st := e.status()[f.URL+"/f/1"]; st.State != app.StatePaused || st.Settings == nil || !st.Settings.Paused {
		t.Errorf("paused source shows as %q, %+v", st.State, st.Settings)
	}
}

// TestHealthPage: a refresh publishes health.html with every source, the
// failing one marked, and the time of the last poll; every page links it.
func TestHealthPage(t *testing.T) {
	f := newFarm(t)
	f.set(func(f *farm) { f.status["/f/1"] = http.StatusServiceUnavailable })
	e := newE2E(t, fmt.Sprintf(`<outline text="Up" xmlUrl="%[1]s/f/0"/><outline text="Down" xmlUrl="%[1]s/f/1"/>`, f.URL))
	e.run("refresh")
	page, err := os.ReadFile(filepath.Join(e.tmp, "out", "health.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<tr class="failing"><td>FAILING`, `<tr class="ok"><td>ok</td>`, ">Down<", "last refreshed <time datetime=\"" + time.Now().UTC().Format("2006-01-02")} {
		if !strings.Contains(string(page), want) {
			t.Errorf("health.html lacks %q", want)
		}
	}
	index, _ := os.ReadFile(filepath.Join(e.tmp, "out", "all", "index.html"))
	if !strings.Contains(string(index), `href="../health.html"`) {
		t.Error("the output page does not link the health page")
	}
}

// TestArchivePage: beyond --max-items, an output's older items up to
// --archive-items are listed on its archive.html, linked from its page.
func TestArchivePage(t *testing.T) {
	f := newFarm(t)
	var outlines strings.Builder
	for i := range 8 {
		fmt.Fprintf(&outlines, `<outline text="F%d" xmlUrl="%s/f/%d"/>`, i, f.URL, i)
	}
	e := newE2E(t, outlines.String())
	if code, _, stderr := e.run("--max-items", "3", "--archive-items", "7", "refresh"); code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	page, _ := os.ReadFile(filepath.Join(e.tmp, "out", "all", "index.html"))
	archive, err := os.ReadFile(filepath.Join(e.tmp, "out", "all", "archive.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(page), "<article>"); n != 3 || !strings.Contains(string(page), `<a href="archive.html">4 older items →</a>`) {
		t.Errorf("the page shows %d items and no link to 4 older ones", n)
	}
	if n := strings.Count(string(archive), "<article>"); n != 4 {
		t.Errorf("the archive lists %d items, want 4", n)
	}
	if items(t, e, "all") != 3 {
		t.Error("the feeds hold more than --max-items")
	}
	// Without an archive, no page and no link.
	if code, _, _ := e.run("--max-items", "3", "--archive-items", "0", "publish"); code != exitOK {
		t.Fatal("publish failed")
	}
	if _, err := os.Stat(filepath.Join(e.tmp, "out", "all", "archive.html")); !os.IsNotExist(err) {
		t.Errorf("archive.html left behind: %v", err)
	}
}
