package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

// topicsOPML lists the fixtures of testdata/topics in two folders, with a
// topic scoped to one folder and a top-level topic whose query is %[2]s.
const topicsOPML = `
<outline text="World">
  <outline text="World Wire" xmlUrl="%[1]s/world.xml"/>
  <outline type="topic" text="World Ukraine" query="lead:(ukrain* OR kyiv OR kijow*)"/>
</outline>
<outline text="Sport">
  <outline text="Sport Desk" xmlUrl="%[1]s/sport.atom"/>
</outline>
<outline type="topic" text="Ukraine" query="%[2]s"/>`

// queryA matches the war items in three languages (and the football match
// in Kyiv); queryB matches three other items.
const (
	queryA = "ukrain* OR kyiv OR kijow* OR zelensk* OR зеленськ*"
	queryB = "title:(festival OR tennis OR markets)"
)

// topicsEnv is a temporary folder with an origin serving testdata/topics.
type topicsEnv struct {
	t        *testing.T
	dir, out string
	srv      *origin
	args     []string
}

func newTopicsEnv(t *testing.T, query string) *topicsEnv {
	return newTopicsEnvServing(t, "testdata/topics", query)
}

// newTopicsEnvServing is newTopicsEnv with the feeds served from feeds.
func newTopicsEnvServing(t *testing.T, feeds, query string) *topicsEnv {
	e := &topicsEnv{t: t, dir: t.TempDir(), srv: newOrigin(t, feeds)}
	e.out = filepath.Join(e.dir, "public")
	opml := e.writeOPML(query)
	e.args = []string{"--opml", opml, "--db", filepath.Join(e.dir, "feedloom.db"), "--out", e.out, "--base-url", "https://news.example/"}
	return e
}

func (e *topicsEnv) writeOPML(query string) string {
	return writeOPML(e.t, e.dir, fmt.Sprintf(topicsOPML, e.srv.URL, query))
}

// run runs feedloom with the environment's flags before args.
func (e *topicsEnv) run(args ...string) (int, string, string) {
	e.t.Helper()
	return feedloom(e.t, append(slices.Clone(e.args), args...)...)
}

// mustRun runs a command that must succeed silently on stderr.
func (e *topicsEnv) mustRun(args ...string) string {
	e.t.Helper()
	code, stdout, stderr := e.run(args...)
	if code != exitOK || stderr != "" {
		e.t.Fatalf("feedloom %s = %d, stderr %q", strings.Join(args, " "), code, stderr)
	}
	return stdout
}

// titles returns the sorted titles of an output's entries in each of the
// three formats, failing when the formats disagree.
func (e *topicsEnv) titles(slug string) []string {
	e.t.Helper()
	var first []string
	for i, f := range []string{"rss.xml", "atom.xml", "feed.json"} {
		var got []string
		for _, it := range parseOutput(e.t, filepath.Join(e.out, slug, f)).Items {
			got = append(got, it.Title)
		}
		slices.Sort(got)
		if i == 0 {
			first = got
		} else if !slices.Equal(got, first) {
			e.t.Errorf("%s/%s has %q, rss.xml has %q", slug, f, got, first)
		}
	}
	return first
}

func TestTopicQueryErrorStopsEveryCommand(t *testing.T) {
	e := newTopicsEnv(t, queryA)
	e.mustRun("refresh")
	db := filepath.Join(e.dir, "feedloom.db")
	dbBefore, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	outBefore := snapshot(t, e.out)
	requests, _, _ := e.srv.counts()

	e.writeOPML("title:(ukraine OR kyiv")
	for _, cmd := range []string{"check", "refresh", "publish"} {
		t.Run(cmd, func(t *testing.T) {
			code, stdout, stderr := e.run(cmd)
			if code != exitConfig {
				t.Errorf("exit code %d, want %d", code, exitConfig)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			for _, want := range []string{
				`feeds.opml:11: topic "Ukraine": query does not parse at column 23: expected ")" to close the "(" at column 7, found the end of the query`,
				"\n    title:(ukraine OR kyiv\n",
				"\n                          ^\n",
			} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
		})
	}
	if r, _, _ := e.srv.counts(); r != requests {
		t.Errorf("%d requests after the broken OPML; want none", r-requests)
	}
	if dbAfter, _ := os.ReadFile(db); !bytes.Equal(dbAfter, dbBefore) {
		t.Error("the database changed")
	}
	after := snapshot(t, e.out)
	for name, b := range outBefore {
		if a, ok := after[name]; !ok || !bytes.Equal(a.data, b.data) || !a.mod.Equal(b.mod) {
			t.Errorf("%s changed", name)
		}
	}
	if len(after) != len(outBefore) {
		t.Errorf("output files: %d before, %d after", len(outBefore), len(after))
	}
}

func TestTopicQueryErrorOnFreshRunCreatesNothing(t *testing.T) {
	e := newTopicsEnv(t, "kyiv OR")
	code, _, stderr := e.run("refresh")
	if code != exitConfig || !strings.Contains(stderr, "expected a term") {
		t.Errorf("refresh = %d, %q; want %d and the problem", code, stderr, exitConfig)
	}
	if r, _, _ := e.srv.counts(); r != 0 {
		t.Errorf("%d requests, want none", r)
	}
	for _, p := range []string{filepath.Join(e.dir, "feedloom.db"), e.out} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s exists after a configuration error (%v)", p, err)
		}
	}
}

// TestEditedTopicRefiltersHistoryWithoutFetch is the end-to-end
// check: a query edited in the OPML changes the topic output over the
// items stored before the edit, on a publish that fetches nothing.
func TestEditedTopicRefiltersHistoryWithoutFetch(t *testing.T) {
	e := newTopicsEnv(t, queryA)
	e.mustRun("refresh")
	wantA := []string{
		"Grain corridor reopens", "Markets rally on rate cut", "Shakhtar Donetsk win away in Kyiv",
		"Zełenski w Kijowie spotkał się z premierem", "Зеленський провів нараду щодо оборони",
	}
	if got := e.titles("ukraine"); !slices.Equal(got, wantA) {
		t.Errorf("topic with query A = %q, want %q", got, wantA)
	}
	// The scoped topic reads only the World folder, and its lead: ends
	// with the first paragraph: the grain and markets items name Ukraine
	// only in their second.
	if got, want := e.titles("world-ukraine"), []string{"Zełenski w Kijowie spotkał się z premierem"}; !slices.Equal(got, want) {
		t.Errorf("scoped topic = %q, want %q", got, want)
	}
	for _, f := range []string{"index.html", "outputs.opml"} {
		data, err := os.ReadFile(filepath.Join(e.out, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"ukraine/", "world-ukraine/", "World Ukraine"} {
			if !bytes.Contains(data, []byte(want)) {
				t.Errorf("%s does not list %q", f, want)
			}
		}
	}

	requests, _, _ := e.srv.counts()
	e.writeOPML(queryB)
	if list := e.mustRun("topics", "list"); !strings.Contains(list, "not built yet") {
		t.Errorf("topics list before publishing the edit:\n%s\nwant the edited topic shown as not built", list)
	}
	e.mustRun("publish")
	if r, _, _ := e.srv.counts(); r != requests {
		t.Errorf("publish made %d requests; it must not fetch", r-requests)
	}
	wantB := []string{"Harvest festival in the valley", "Markets rally on rate cut", "Tennis final postponed by rain"}
	if got := e.titles("ukraine"); !slices.Equal(got, wantB) {
		t.Errorf("topic after the edit = %q, want %q", got, wantB)
	}
	if list := e.mustRun("topics", "list"); !strings.Contains(list, "stories: 3 stories") {
		t.Errorf("topics list after publishing:\n%s\nwant 3 stories", list)
	}

	// Back to query A: the old membership was dropped and is rebuilt.
	e.writeOPML(queryA)
	e.mustRun("publish")
	if got := e.titles("ukraine"); !slices.Equal(got, wantA) {
		t.Errorf("topic after restoring query A = %q, want %q", got, wantA)
	}
	if r, _, _ := e.srv.counts(); r != requests {
		t.Errorf("publishing made %d requests", r-requests)
	}
}

// TestTopicFollowsNewAndChangedItems checks the other half of keeping a
// membership: once built, a topic is kept current by ingest, as items
// arrive or change, without a rebuild.
func TestTopicFollowsNewAndChangedItems(t *testing.T) {
	feeds := t.TempDir()
	world, err := os.ReadFile("testdata/topics/world.xml")
	if err != nil {
		t.Fatal(err)
	}
	sport, err := os.ReadFile("testdata/topics/sport.atom")
	if err != nil {
		t.Fatal(err)
	}
	writeFeed := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(feeds, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeFeed("world.xml", world)
	writeFeed("sport.atom", sport)
	e := newTopicsEnvServing(t, feeds, queryA)
	e.mustRun("refresh")

	// A new item about Kyiv arrives; the grain story loses its only
	// mention of Ukraine.
	newItem := `<item>
  <title>Kyiv metro reopens</title>
  <link>http://world.test/2026/11/metro.html</link>
  <guid isPermaLink="false">world-6</guid>
  <pubDate>Sat, 21 Nov 2026 07:00:00 +0000</pubDate>
  <description>Trains run again.</description>
</item>
<item>
  <title>Grain corridor reopens</title>`
	changed := strings.Replace(string(world), "<item>\n  <title>Grain corridor reopens</title>", newItem, 1)
	changed = strings.Replace(changed, "carries Ukrainian grain again", "carries grain again", 1)
	if changed == string(world) {
		t.Fatal("fixture edit did not apply")
	}
	writeFeed("world.xml", []byte(changed))
	e.mustRun("refresh", "--force")
	want := []string{
		"Kyiv metro reopens", "Markets rally on rate cut", "Shakhtar Donetsk win away in Kyiv",
		"Zełenski w Kijowie spotkał się z premierem", "Зеленський провів нараду щодо оборони",
	}
	if got := e.titles("ukraine"); !slices.Equal(got, want) {
		t.Errorf("topic after new and changed items = %q, want %q", got, want)
	}
}

// TestTopicsCommands pins the output of topics list, test and explain.
func TestTopicsCommands(t *testing.T) {
	e := newTopicsEnv(t, queryA)
	if out := e.mustRun("topics", "list"); !strings.Contains(out, "stories: no database yet") {
		t.Errorf("topics list before any refresh:\n%s", out)
	}
	e.mustRun("refresh")
	cases := []struct {
		golden string
		args   []string
	}{
		{"list", []string{"topics", "list"}},
		{"test", []string{"topics", "test", "ukrain* OR kyiv"}},
		{"test-topic-limit", []string{"topics", "test", "--topic", "Ukraine", "--limit", "2"}},
		{"test-none", []string{"topics", "test", `"peace talks"`}},
		{"explain-excluded", []string{"topics", "explain", "kyiv -football", "http://sport.test/2026/11/shakhtar.html"}},
		{"explain-lead", []string{"topics", "explain", "--topic", "world-ukraine", "http://world.test/2026/11/markets.html"}},
		{"explain-out-of-scope", []string{"topics", "explain", "--topic", "World Ukraine", "http://sport.test/2026/11/shakhtar.html"}},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			checkGolden(t, filepath.Join("testdata", "topics", c.golden+".golden"), e.mustRun(c.args...))
		})
	}
}

func TestTopicsCommandErrors(t *testing.T) {
	e := newTopicsEnv(t, queryA)
	e.mustRun("refresh")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no query", []string{"topics", "test"}, "usage: feedloom topics test QUERY"},
		{"two queries", []string{"topics", "test", "kyiv", "odesa"}, "quote the query for the shell"},
		{"query and --topic", []string{"topics", "test", "--topic", "Ukraine", "kyiv"}, "with --topic in place of QUERY"},
		{"unknown topic", []string{"topics", "test", "--topic", "Elections"}, `has no topic named "Elections"`},
		{"bad query", []string{"topics", "test", "kyiv ("}, "query does not parse at column 7: expected a term, found the end of the query\n    kyiv (\n          ^"},
		{"negative limit", []string{"topics", "test", "--limit", "-1", "kyiv"}, "--limit -1"},
		{"explain without link", []string{"topics", "explain", "kyiv"}, "usage: feedloom topics explain QUERY ITEM-URL"},
		{"unknown link", []string{"topics", "explain", "kyiv", "http://world.test/nothing"}, "no stored item has the link http://world.test/nothing"},
		{"list with arguments", []string{"topics", "list", "extra"}, "takes no arguments"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := e.run(c.args...)
			if code != exitConfig {
				t.Errorf("exit code %d, want %d (stderr %q)", code, exitConfig, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr %q lacks %q", stderr, c.want)
			}
		})
	}
}

// TestTopicsTestNeedsADatabase: test and explain read the store; without
// one they say how to create it.
func TestTopicsTestNeedsADatabase(t *testing.T) {
	e := newTopicsEnv(t, queryA)
	code, _, stderr := e.run("topics", "test", "kyiv")
	if code != exitFatal || !strings.Contains(stderr, "feedloom refresh") {
		t.Errorf("topics test without a database = %d, %q; want %d and a hint to refresh", code, stderr, exitFatal)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "feedloom.db")); !os.IsNotExist(err) {
		t.Errorf("topics test created the database (%v)", err)
	}
}

// checkGolden compares got with the golden file, or rewrites it with
// -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n--- got\n%s--- want\n%s", path, got, want)
	}
}

// TestTopicsSuggest pins `topics suggest` over a labelled file of the
// fixture's links: the terms the query lacks, with what each would add,
// and the on-topic items it misses.
func TestTopicsSuggest(t *testing.T) {
	e := newTopicsEnv(t, queryA)
	e.mustRun("refresh")
	labels := filepath.Join(e.dir, "labels.jsonl")
	lines := `{"link": "http://world.test/2026/11/grain.html", "label": "on"}
{"link": "http://world.test/2026/11/kijow.html", "label": "on"}
{"link": "http://world.test/2026/11/narada.html", "label": "on"}
{"link": "http://world.test/2026/11/markets.html", "label": "off"}
{"link": "http://world.test/2026/11/harvest.html", "label": "off"}
{"link": "http://world.test/2026/11/harvest.html", "label": "borderline"}
{"url": "http://world.test/not-stored.html", "label": "on"}
`
	if err := os.WriteFile(labels, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("testdata", "topics", "suggest.golden"),
		e.mustRun("topics", "suggest", "--labels", labels, "--min", "1", "--limit", "8", "title:kyiv"))

	if err := os.WriteFile(labels, []byte(`{"link": "x", "label": "maybe"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := e.run("topics", "suggest", "--labels", labels, "kyiv")
	if code != exitConfig || !strings.Contains(stderr, `labels.jsonl:1: label "maybe"`) {
		t.Errorf("bad label: exit %d, stderr %q", code, stderr)
	}
}

// TestCheckWordLists: check stops on an unknown @list with the topic's
// line and the query's column, and warns about a list no topic uses.
func TestCheckWordLists(t *testing.T) {
	dir := t.TempDir()
	write := func(topic string) string {
		return writeOPML(t, dir, `<outline text="News" xmlUrl="https://example.org/feed.xml"/>
<outline type="words" name="frontline" words="bakhmut &quot;kryvyi rih&quot;"/>
<outline type="words" name="spare" words="x"/>
`+topic)
	}
	opml := write(`<outline type="topic" text="Front" query="title:@frontlin"/>`)
	code, _, stderr := feedloom(t, "--opml", opml, "check")
	if code != exitConfig || !strings.Contains(stderr, `topic "Front": query does not parse at column 7: expected a defined word list, found unknown @frontlin`) {
		t.Errorf("unknown list: exit %d, stderr %q", code, stderr)
	}
	opml = write(`<outline type="topic" text="Front" query="title:@frontline"/>`)
	code, stdout, stderr := feedloom(t, "--opml", opml, "check")
	if code != exitOK || !strings.Contains(stderr, "word list @spare is not used by any topic query") ||
		strings.Contains(stderr, "@frontline") || !strings.Contains(stdout, "front/") {
		t.Errorf("unused list: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
