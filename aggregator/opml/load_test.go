package opml

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

const goodOPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
<head><title>My news</title><ownerName>Ann</ownerName><ownerEmail>ann@example.org</ownerEmail></head>
<body>
  <outline text="World">
    <outline text="BBC" xmlUrl="https://feeds.example/bbc.xml" htmlUrl="https://bbc.example/"/>
    <outline text="Europe">
      <outline text="DW" xmlUrl="https://feeds.example/dw.xml" category="/Germany,Press"/>
    </outline>
    <outline type="topic" text="Elections" query="election*"/>
  </outline>
  <outline text="Local" xmlUrl="local/feed.xml"/>
  <outline type="topic" text="Ukraine war" query="ukraine OR kyiv"/>
  <outline text="Empty folder"/>
</body>
</opml>`

func TestParse(t *testing.T) {
	c, err := Parse([]byte(goodOPML), "feeds.opml", "/srv/feeds", aggregator.CompileQuery)
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "My news" || c.Owner.Name != "Ann" || c.Owner.Email != "ann@example.org" {
		t.Errorf("head = %q %+v", c.Title, c.Owner)
	}
	if len(c.Sources) != 3 {
		t.Fatalf("%d sources, want 3", len(c.Sources))
	}
	bbc, dw, local := c.Sources[0], c.Sources[1], c.Sources[2]
	if bbc.Title != "BBC" || bbc.SiteURL != "https://bbc.example/" || bbc.Line != 6 || !slices.Equal(bbc.Categories, []string{"World"}) {
		t.Errorf("bbc = %+v", bbc)
	}
	if want := []string{"World", "World/Europe", "Germany", "Press"}; !slices.Equal(dw.Categories, want) {
		t.Errorf("dw categories = %v, want %v", dw.Categories, want)
	}
	if local.URL != "local/feed.xml" || local.Location != "file:///srv/feeds/local/feed.xml" || len(local.Categories) != 0 {
		t.Errorf("local = %+v", local)
	}
	var cats, slugs []string
	for _, cat := range c.Categories {
		cats, slugs = append(cats, cat.Name), append(slugs, cat.Slug)
	}
	if want := []string{"World", "World/Europe", "Germany", "Press"}; !slices.Equal(cats, want) {
		t.Errorf("categories = %v, want %v (empty folders make none)", cats, want)
	}
	if want := []string{"world", "world-europe", "germany", "press"}; !slices.Equal(slugs, want) {
		t.Errorf("slugs = %v, want %v", slugs, want)
	}
	if len(c.Topics) != 2 || c.Topics[0].Scope != "World" || c.Topics[1].Scope != "" || c.Topics[1].Slug != "ukraine-war" || c.Topics[0].Matcher == nil {
		t.Errorf("topics = %+v", c.Topics)
	}
	if got := len(c.Outputs()); got != 1+4+2 {
		t.Errorf("%d outputs, want 7", got)
	}
}

func TestOPMLProblemsNameTheLine(t *testing.T) {
	cases := []struct {
		name, doc string
		want      []string
	}{
		{"empty", "  \n", []string{"feeds.opml: file is empty"}},
		{"malformed", "<opml><body>\n<outline text=\"a & b\" xmlUrl=\"https://x/\"/></body></opml>", []string{"feeds.opml:2: malformed XML"}},
		{"not opml", "<rss><channel/></rss>", []string{"not an OPML file"}},
		{"no sources", "<opml><body></body></opml>", []string{"no sources"}},
		{"bad scheme", "<opml><body>\n\n<outline text=\"X\" xmlUrl=\"ftp://x/feed\"/></body></opml>", []string{`feeds.opml:3: outline "X": xmlUrl "ftp://x/feed" uses the unsupported scheme "ftp"`}},
		{"no host", "<opml><body><outline text=\"X\" xmlUrl=\"https:///feed\"/></body></opml>", []string{"has no host"}},
		{"duplicate with settings", "<opml><body>\n<outline xmlUrl=\"https://x/f\"/>\n<outline text=\"again\" xmlUrl=\"https://x/f\" paused=\"true\"/></body></opml>",
			[]string{`feeds.opml:3: outline "again": source https://x/f is also listed on line 2; give its settings`}},
		{"topic without query", "<opml><body><outline xmlUrl=\"https://x/f\"/>\n<outline type=\"topic\" text=\"T\"/></body></opml>", []string{`feeds.opml:2: topic "T" has no query`}},
		{"bad query", "<opml><body><outline xmlUrl=\"https://x/f\"/>\n<outline type=\"topic\" text=\"T\" query=\"(a OR\"/></body></opml>", []string{`feeds.opml:2: topic "T": query does not parse`}},
		{"two problems at once", "<opml><body>\n<outline xmlUrl=\"ftp://a\"/>\n<outline xmlUrl=\"gopher://b\"/></body></opml>", []string{"feeds.opml:2:", "feeds.opml:3:"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.doc), "feeds.opml", "/", aggregator.CompileQuery)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *ConfigError", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.opml"), nil)
	if err == nil || !strings.Contains(err.Error(), "file not found") || !strings.Contains(err.Error(), "--opml") {
		t.Errorf("err = %v, want a message that says the file is missing and how to point at one", err)
	}
}

func TestLoadRelativeToItsFolder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.opml")
	os.WriteFile(path, []byte(`<opml><body><outline xmlUrl="sub/x.xml"/></body></opml>`), 0o644)
	c, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "file://" + filepath.ToSlash(filepath.Join(dir, "sub/x.xml")); c.Sources[0].Location != want {
		t.Errorf("location = %s, want %s", c.Sources[0].Location, want)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Ukraine war":       "ukraine-war",
		"Łódź & Kraków":     "lodz-krakow",
		"  --World/Europe ": "world-europe",
		"Новини":            Slugify("Новини"),
	} {
		if got := Slugify(in); got != want || got == "" {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
	if s := Slugify("Новини"); !strings.HasPrefix(s, "x-") || s == Slugify("Спорт") {
		t.Errorf("non-Latin names get distinct hashed slugs, got %q", s)
	}
}

// TestShippedOPML keeps the example configuration valid and its "Ukraine
// war" topic identical to the query measured on the dev set in package
// query (testdata/ukraine-war.query).
func TestShippedOPML(t *testing.T) {
	c, err := Load("../../feeds.opml", aggregator.CompileQuery)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sources) < 10 || len(c.Categories) < 2 {
		t.Errorf("feeds.opml has %d sources in %d categories; it should ship a useful set", len(c.Sources), len(c.Categories))
	}
	want, err := os.ReadFile("../query/testdata/ukraine-war.query")
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range c.Topics {
		if tp.Name == "Ukraine war" {
			if got, want := strings.Join(strings.Fields(tp.Query), " "), strings.Join(strings.Fields(string(want)), " "); got != want {
				t.Errorf("feeds.opml's Ukraine war query differs from query/testdata/ukraine-war.query, which the dev-set test measures")
			}
			return
		}
	}
	t.Error(`feeds.opml has no "Ukraine war" topic`)
}

func TestOPMLTopicErrorShowsACaret(t *testing.T) {
	doc := "<opml><body><outline xmlUrl=\"https://x/f\"/>\n<outline type=\"topic\" text=\"War\" query=\"kyiv -\"/></body></opml>"
	_, err := Parse([]byte(doc), "feeds.opml", "/", aggregator.CompileQuery)
	want := "feeds.opml:2: topic \"War\": query does not parse at column 6: expected a term right after \"-\" (no space between them)\n    kyiv -\n         ^"
	if err == nil || err.Error() != want {
		t.Errorf("error =\n%v\nwant\n%s", err, want)
	}
}
