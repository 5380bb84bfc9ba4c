package opml

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// TestReaderExports: the OPML files feed readers export load unchanged,
// folders as categories, a feed listed in two folders as one source in
// both (testdata/exports follows each reader's export layout).
func TestReaderExports(t *testing.T) {
	want := map[string]struct {
		sources int
		cats    []string
		shared  string // a source in two categories
	}{
		"miniflux.opml":    {3, []string{"All", "Science & Tech"}, ""},
		"freshrss.opml":    {3, []string{"Uncategorized", "Outdoors"}, ""},
		"netnewswire.opml": {3, []string{"Outdoors"}, ""},
		"feedly.opml":      {3, []string{"News", "Local"}, "https://valley.example/rss"},
		"inoreader.opml":   {3, []string{"Coast", "Favourites"}, "https://harbour.example/rss.xml"},
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "exports", "*.opml"))
	if len(files) != len(want) {
		t.Fatalf("%d exports in testdata/exports, want %d", len(files), len(want))
	}
	for _, f := range files {
		w := want[filepath.Base(f)]
		c, err := Load(f, aggregator.CompileQuery)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		var cats []string
		for _, cat := range c.Categories {
			cats = append(cats, cat.Name)
		}
		if len(c.Sources) != w.sources || !slices.Equal(cats, w.cats) {
			t.Errorf("%s: %d sources in %v, want %d in %v", f, len(c.Sources), cats, w.sources, w.cats)
		}
		if w.shared != "" {
			s := c.Source(w.shared)
			if s == nil || len(s.Categories) != 2 {
				t.Errorf("%s: %s should be one source in two categories, got %+v", f, w.shared, s)
			}
		}
		for _, cat := range c.Categories {
			if cat.Slug == "all" {
				t.Errorf("%s: category %q took the slug of the merged output", f, cat.Name)
			}
		}
	}
}

const settingsOPML = `<?xml version="1.0"?>
<opml version="2.0"><head maxItems="40" maxAge="30d"><title>t</title></head><body>
<outline text="Busy" maxItems="200">
  <outline text="A" xmlUrl="https://a.example/feed" interval="2h" maxItems="20"/>
  <outline type="topic" text="Quiet" query="rare" maxItems="5" maxAge="0"/>
</outline>
<outline text="Private" xmlUrl="https://b.example/feed" authEnv="FEEDLOOM_TEST_AUTH" headers="X-Api-Key: $FEEDLOOM_TEST_KEY; Accept-Language: de"/>
<outline text="Resting" xmlUrl="https://c.example/feed" paused="true"/>
<outline text="Also busy">
  <outline text="A again" xmlUrl="https://a.example/feed"/>
</outline>
</body></opml>`

func TestSettings(t *testing.T) {
	t.Setenv("FEEDLOOM_TEST_AUTH", "reader:pa:ss")
	t.Setenv("FEEDLOOM_TEST_KEY", "k-123")
	c, err := Parse([]byte(settingsOPML), "feeds.opml", t.TempDir(), aggregator.CompileQuery)
	if err != nil {
		t.Fatal(err)
	}
	if d := c.Defaults; d.MaxItems == nil || *d.MaxItems != 40 || d.MaxAge == nil || *d.MaxAge != 30*24*time.Hour {
		t.Errorf("head limits %+v", d)
	}
	base := aggregator.OutputLimits{MaxItems: 100}
	got := map[string]aggregator.OutputLimits{}
	for _, o := range c.Outputs() {
		got[o.Name] = c.Limits(o, base)
	}
	want := map[string]aggregator.OutputLimits{
		"All":       {MaxItems: 40, MaxAge: 30 * 24 * time.Hour},
		"Busy":      {MaxItems: 200, MaxAge: 30 * 24 * time.Hour},
		"Also busy": {MaxItems: 40, MaxAge: 30 * 24 * time.Hour},
		"Quiet":     {MaxItems: 5},
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("output %q limits %+v, want %+v", name, got[name], w)
		}
	}
	a := c.Source("https://a.example/feed")
	if a.Interval != 2*time.Hour || a.MaxItems != 20 || !slices.Equal(a.Categories, []string{"Busy", "Also busy"}) {
		t.Errorf("source A: interval %v, max %d, categories %v", a.Interval, a.MaxItems, a.Categories)
	}
	b := c.Source("https://b.example/feed")
	if b.Username != "reader" || b.Password != "pa:ss" || b.AuthEnv != "FEEDLOOM_TEST_AUTH" ||
		b.Header.Get("X-Api-Key") != "k-123" || b.Header.Get("Accept-Language") != "de" || !slices.Equal(b.HeaderEnv, []string{"FEEDLOOM_TEST_KEY"}) {
		t.Errorf("source B: %q/%q from %s, headers %v from %v", b.Username, b.Password, b.AuthEnv, b.Header, b.HeaderEnv)
	}
	if !c.Source("https://c.example/feed").Paused {
		t.Error("source C is not paused")
	}
}

// TestSettingsProblemsNameTheLine: every bad value is reported with its
// line, all at once, and a secret's variable that is not set is named.
func TestSettingsProblemsNameTheLine(t *testing.T) {
	os.Unsetenv("FEEDLOOM_TEST_UNSET")
	doc := `<opml version="2.0"><head maxItems="-1"><title>t</title></head><body>
<outline text="F" maxAge="soon">
  <outline xmlUrl="https://a.example/f" interval="10s" paused="maybe"/>
  <outline type="topic" text="T" query="x" maxItems="many"/>
</outline>
<outline xmlUrl="https://b.example/f" authEnv="FEEDLOOM_TEST_UNSET" headers="Bad Name: 1; X-K: $FEEDLOOM_TEST_UNSET"/>
<outline xmlUrl="https://a.example/f" maxItems="3"/>
</body></opml>`
	_, err := Parse([]byte(doc), "feeds.opml", t.TempDir(), aggregator.CompileQuery)
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a *ConfigError", err)
	}
	for _, want := range []string{
		`feeds.opml:1: <head>: maxItems="-1"`,
		`feeds.opml:2: folder "F": maxAge="soon" is not a duration`,
		`feeds.opml:3: source https://a.example/f: interval="10s" is shorter than a minute`,
		`feeds.opml:3: source https://a.example/f: paused="maybe"`,
		`feeds.opml:4: topic "T": maxItems="many"`,
		`feeds.opml:6: source https://b.example/f: authEnv="FEEDLOOM_TEST_UNSET", but the environment variable FEEDLOOM_TEST_UNSET is not set`,
		`feeds.opml:6: source https://b.example/f: headers="Bad Name: 1; X-K: $FEEDLOOM_TEST_UNSET"`,
		`feeds.opml:6: source https://b.example/f: header X-K uses $FEEDLOOM_TEST_UNSET, but that environment variable is not set`,
		`feeds.opml:7: outline "": source https://a.example/f is also listed on line 3; give its settings`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
}

// TestAttributeCase: exporters that write xmlurl or XMLURL are read too.
func TestAttributeCase(t *testing.T) {
	doc := `<opml version="1.0"><body><outline text="a" xmlurl="https://a.example/f" HTMLURL="https://a.example/"/></body></opml>`
	c, err := Parse([]byte(doc), "feeds.opml", t.TempDir(), aggregator.CompileQuery)
	if err != nil || len(c.Sources) != 1 || c.Sources[0].SiteURL != "https://a.example/" {
		t.Fatalf("got %+v, %v", c, err)
	}
}
