package output

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"golang.org/x/net/html"
)

// TestSiteGolden pins the pages and the OPML of a published site.
func TestSiteGolden(t *testing.T) {
	dir := t.TempDir()
	s := testSite()
	s.Health = testHealth()
	s.Feeds[0].Archive = testArchive()
	mustPublish(t, dir, s)
	for _, p := range []string{"index.html", "outputs.opml", "news-europe/index.html", "ukraine-war/index.html", "nothing-yet/index.html", healthFile, "all/" + archiveFile, manifestFile} {
		t.Run(p, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "site/"+strings.TrimPrefix(p, ".")+".golden", data)
		})
	}
}

// TestSiteLinksResolve parses every generated page and checks that each
// link to a local file points at a file that exists, and that the pages
// carry autodiscovery links for every format they list.
func TestSiteLinksResolve(t *testing.T) {
	dir := t.TempDir()
	s := testSite()
	s.Health = testHealth()
	s.Feeds[0].Archive = testArchive()
	mustPublish(t, dir, s)
	pages, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	sub, err := filepath.Glob(filepath.Join(dir, "*", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	pages = append(pages, sub...)
	if len(pages) != len(s.Feeds)+3 { // the outputs', an archive, the index and the health page
		t.Fatalf("found %d pages, want %d", len(pages), len(s.Feeds)+3)
	}
	for _, page := range pages {
		rel, _ := filepath.Rel(dir, page)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			local, alternates := pageLinks(t, page)
			if len(local) == 0 {
				t.Fatal("no local links")
			}
			for _, href := range local {
				target := filepath.Join(filepath.Dir(page), filepath.FromSlash(href))
				if strings.HasSuffix(href, "/") {
					target = filepath.Join(target, htmlFile)
				}
				info, err := os.Stat(target)
				if err != nil || info.IsDir() {
					t.Errorf("link %q does not resolve to a file (%s)", href, target)
				}
			}
			want := 3
			switch rel {
			case htmlFile:
				want = 3 * len(s.Feeds)
			case healthFile, "all/" + archiveFile:
				want = 0 // a page about sources, or older items: not a feed
			}
			if alternates != want {
				t.Errorf("%d autodiscovery links, want %d", alternates, want)
			}
		})
	}
}

// pageLinks parses an HTML page and returns its relative link targets
// (<a href>, <link href>) and its count of feed autodiscovery links.
func pageLinks(t *testing.T, page string) (local []string, alternates int) {
	t.Helper()
	f, err := os.Open(page)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatalf("parse %s: %v", page, err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "a" || n.Data == "link") {
			attrs := map[string]string{}
			for _, a := range n.Attr {
				attrs[a.Key] = a.Val
			}
			if n.Data == "link" && attrs["rel"] == "alternate" && strings.Contains(attrs["type"], "xml") || strings.Contains(attrs["type"], "feed+json") && n.Data == "link" {
				alternates++
				if attrs["title"] == "" {
					t.Errorf("autodiscovery link %q has no title", attrs["href"])
				}
			}
			if u, err := url.Parse(attrs["href"]); err == nil && attrs["href"] != "" && u.Scheme == "" && u.Host == "" {
				local = append(local, u.Path)
			}
		}
		if n.Type == html.ElementNode && n.Data == "script" {
			t.Errorf("page has a script element")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return local, alternates
}

// TestPublishedFeedsAgree checks the three documents of every published
// output against the renderers' own output: Publish adds nothing.
func TestPublishedFeedsAgree(t *testing.T) {
	dir := t.TempDir()
	s := testSite()
	if _, err := Publish(context.Background(), dir, s, testOptions); err != nil {
		t.Fatal(err)
	}
	for _, f := range s.Feeds {
		for _, r := range renderers {
			name := map[string]string{"rss": rssFile, "atom": atomFile, "json": jsonFile}[r.ext]
			want, err := r.render(f, testOptions)
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dir, f.Output.Slug, name))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("%s/%s differs from %s's output", f.Output.Slug, name, r.ext)
			}
		}
	}
}

// testHealth is a health page with a source of each kind.
func testHealth() *Health {
	at := func(h int) time.Time { return time.Date(2024, 3, 10, h, 0, 0, 0, time.UTC) }
	return &Health{SiteTitle: "Loom & Co", Refreshed: at(14), Sources: []SourceHealth{
		{Name: "Valley Times", URL: "https://valley.example/rss", Kind: "failing", State: "FAILING 2h (3×)", LastSuccess: at(10), HTTP: 503, Items: 40, Next: "in 1h", Problem: "server error: 503 Service Unavailable"},
		{Name: "Old Blog", URL: "https://old.example/feed", Kind: "gone", State: "GONE 3d", HTTP: 410, Next: "stopped", Problem: "410 Gone"},
		{Name: "Harbour <Gazette> & Co", URL: "https://harbour.example/rss", SiteURL: "https://harbour.example/", Kind: "ok", State: "ok", LastSuccess: at(14), HTTP: 200, Items: 12, Next: "in 30m"},
		{Name: "Resting", URL: "javascript:alert(1)", Kind: "paused", State: "paused", Next: "paused", Problem: "every 2h"},
	}}
}

// testArchive is two older items, one without a title and with a
// tracking parameter in its link.
func testArchive() []aggregator.Headline {
	return []aggregator.Headline{
		{ID: "urn:uuid:00000000-0000-4000-8000-000000000101", Title: "Ferry timetable <b>changes</b>", Link: "https://harbour.example/ferry?utm_source=rss",
			Published: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC), Source: aggregator.SourceRef{URL: "https://harbour.example/rss", Title: "Harbour Gazette"}},
		{ID: "urn:uuid:00000000-0000-4000-8000-000000000102", Lead: "<p>A short note without a title, about the <em>tides</em>.</p>",
			Published: time.Date(2024, 2, 28, 9, 0, 0, 0, time.UTC), Source: aggregator.SourceRef{URL: "https://notes.example/feed"}},
	}
}
