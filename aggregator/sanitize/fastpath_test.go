package sanitize

import (
	"bytes"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// maxDifferentialFields caps how many fields the differential tests take
// from each part of the corpus, so that they stay well under 20 s with
// -race.
const maxDifferentialFields = 1500

// corpusFields parses feed documents of the shared corpus (skipping the
// test when it is absent) and returns up to about maxDifferentialFields
// text fields from each of its parts that HTML or Text may see,
// each also as a plain-text construct reaches them (escaped, see
// parse.markPlainText).
func corpusFields(t *testing.T) []string {
	t.Helper()
	dir := corpusDir(t)
	if parsedFields != nil {
		return parsedFields
	}
	var fields []string
	add := func(s string) {
		if s != "" {
			fields = append(fields, s, html.EscapeString(s))
		}
	}
	docs, limit := 0, 0
	walk := func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || len(fields) >= limit {
			return nil
		}
		switch filepath.Ext(p) {
		case ".xml", ".rss", ".atom", ".rdf", ".json":
		default:
			return nil
		}
		body, err := os.ReadFile(p)
		if err != nil || len(body) > 1<<20 {
			return nil
		}
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
		if err != nil {
			return nil
		}
		docs++
		add(feed.Title)
		add(feed.Description)
		for _, it := range feed.Items {
			add(it.Title)
			add(it.Description)
			add(it.Content)
			for _, c := range it.Categories {
				add(c)
			}
			for _, a := range it.Authors {
				if a != nil {
					add(a.Name)
				}
			}
		}
		return nil
	}
	for _, sub := range []string{"realworld", "dedup-dev", "topics", "parsers"} {
		limit = len(fields) + maxDifferentialFields
		filepath.WalkDir(filepath.Join(dir, sub), walk)
	}
	if docs == 0 {
		t.Fatalf("no feed documents parsed under %s", dir)
	}
	t.Logf("%d documents, %d fields", docs, len(fields))
	parsedFields = fields
	return fields
}

// parsedFields keeps corpusFields' result for the next differential test
// (they do not run in parallel).
var parsedFields []string

// fastPathCases are inputs the corpus may lack: what the fast paths must
// treat exactly as the full path does.
var fastPathCases = []string{
	"AT&T", "AT&amp;T", "AT&amp;amp;T", "&lt;b&gt;bold&lt;/b&gt;", "Tom &amp; Jerry's \"show\"",
	"a\r\nb\rc\n\rd &amp;", "&#13;&amp;\r", "&#0; &#x80; &#150; &#xD800; &#1114112;&amp;",
	"nul\x00&amp;", "bad utf-8 \xff\xfe &amp;", "C1 \u0085\u0096 &amp;", "&notit; &notin; &amp",
	"&NotEqualTilde; &nGt; &acE; &", "&", "&&&;", "a > b &amp; c", "'quoted' & \"double\"",
	"\uFFFE\uFFFF &amp;", "tab\there&nbsp;&#160;", strings.Repeat("long &amp; text ", 2000),
}

// TestHTMLFastPathMatchesBluemonday runs every corpus field and
// fastPathCases through HTML with its fast paths and with full
// bluemonday sanitising: the results must be byte-identical.
func TestHTMLFastPathMatchesBluemonday(t *testing.T) {
	fast, full := New(), New()
	full.full = true
	base, _ := url.Parse("http://feed.example/dir/page.html")
	check := func(s string) {
		t.Helper()
		if got, want := fast.HTML(s, base), full.HTML(s, base); got != want {
			t.Errorf("HTML(%.200q):\nfast path %.300q\nbluemonday %.300q", s, got, want)
		}
	}
	for _, s := range fastPathCases {
		check(s)
	}
	for _, s := range corpusFields(t) {
		check(s)
	}
}

// TestTextFastPathMatchesTokeniser runs every corpus field and
// fastPathCases through Text and through its tokenising path: the results
// must be byte-identical.
func TestTextFastPathMatchesTokeniser(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := Text(s), tokenText(s); got != want {
			t.Errorf("Text(%.200q):\nfast path %.300q\ntokeniser %.300q", s, got, want)
		}
	}
	for _, s := range fastPathCases {
		check(s)
	}
	for _, s := range corpusFields(t) {
		check(s)
	}
}

// TestCleanTextFastPathMatchesFull runs every corpus field and
// fastPathCases, raw and sanitised by HTML, through CleanText and through
// its general path: the results must be byte-identical.
func TestCleanTextFastPathMatchesFull(t *testing.T) {
	p := New()
	base, _ := url.Parse("http://feed.example/dir/page.html")
	check := func(s string) {
		t.Helper()
		if got, want := CleanText(s), cleanTextFull(s); got != want {
			t.Errorf("CleanText(%.200q):\nfast path %.300q\nfull %.300q", s, got, want)
		}
	}
	cases := append(slices.Clone(fastPathCases),
		"&am<b>p;x", "&no<i>t;", "&amp<br>;", "&amp;lt;", "&amp;<b>lt;</b>", "a &lt;b&gt; c", "x<p>&#39;y&#34;</p>",
		"\xe2\x80<b>\x99", "un<closed &amp;", "&#13;\n<br>\r", "&AMP;", "&#x27;", "&#039;")
	for _, s := range append(cases, corpusFields(t)...) {
		check(s)
		check(p.HTML(s, base))
	}
}
