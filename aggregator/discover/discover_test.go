package discover

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator/fetch"
	"github.com/feedloom/feedloom/internal/corpustest"
)

// TestFindFeedLinksCorpus runs Mark Pilgrim's autodiscovery test pages:
// each announces html4-NNN.xml in a different awkward way.
func TestFindFeedLinksCorpus(t *testing.T) {
	dir := corpustest.Dir(t, "parsers", "w3c-feedvalidator", "feedfinder-tests")
	pages, _ := filepath.Glob(filepath.Join(dir, "html4-*.html"))
	if len(pages) == 0 {
		t.Skip("no test pages")
	}
	pageBase := "http://diveintomark.org/tests/client/autodiscovery/"
	for _, p := range pages {
		name := strings.TrimSuffix(filepath.Base(p), ".html")
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(pageBase + name + ".html")
			got := FindFeedLinks(body, "text/html", u)
			if len(got) != 1 {
				t.Fatalf("found %d feeds %+v, want exactly 1", len(got), got)
			}
			wantHost := "web.archive.org"
			switch name {
			case "html4-002", "html4-003", "html4-006", "html4-044", "html4-052":
				wantHost = "diveintomark.org" // relative to the page
			case "html4-047", "html4-048", "html4-049", "html4-050":
				wantHost = "www.ragingplatypus.com" // relative to <base>
			case "html4-057":
				wantHost = "diveintomark.org" // UTF-16, absolute
			}
			g, _ := url.Parse(got[0].URL)
			if !strings.HasSuffix(g.Path, "/"+name+".xml") || g.Host != wantHost {
				t.Errorf("found %s, want %s…/%s.xml", got[0].URL, wantHost, name)
			}
			if got[0].Type != "application/atom+xml" {
				t.Errorf("type %q", got[0].Type)
			}
		})
	}
}

func TestFindFeedLinks(t *testing.T) {
	page := `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/s.css">
<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/1">
<link rel="alternate" type="application/json+oembed" href="/oembed">
<link rel="alternate" type="application/rss+xml; charset=utf-8" title="Posts" href="/feed/">
<link rel="alternate" type="application/atom+xml" title="Comments" href="comments.atom">
<link rel="alternate" type="application/feed+json" href="https://cdn.example/feed.json">
<link rel="alternate" type="application/rss+xml" href="/feed/">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="alternate" type="application/rss+xml" href="">
</head><body><link rel="feed alternate" type="application/rdf+xml" href="/index.rdf"></body></html>`
	u, _ := url.Parse("https://blog.example/2026/post.html")
	got := FindFeedLinks([]byte(page), "text/html", u)
	want := []Candidate{
		{URL: "https://blog.example/feed/", Title: "Posts", Type: "application/rss+xml", How: "link"},
		{URL: "https://blog.example/2026/comments.atom", Title: "Comments", Type: "application/atom+xml", How: "link"},
		{URL: "https://cdn.example/feed.json", Type: "application/feed+json", How: "link"},
		{URL: "https://blog.example/index.rdf", Type: "application/rdf+xml", How: "link"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestDiscover(t *testing.T) {
	mux := http.NewServeMux()
	serve := func(path, ctype, body string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			fmt.Fprint(w, body)
		})
	}
	serve("/feed.xml", "application/rss+xml", feed("a", ""))
	serve("/announced/", "text/html", `<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"><link rel="alternate" type="application/atom+xml" title="Second" href="/atom"></head></html>`)
	serve("/atom", "application/atom+xml", `<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom one</title><link href="http://site.test/"/></feed>`)
	serve("/broken-announce/", "text/html", `<html><head><link rel="alternate" type="application/rss+xml" href="/not-a-feed"></head></html>`)
	serve("/not-a-feed", "text/html", `<html><body>nope</body></html>`)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/index.xml":
			fmt.Fprint(w, feed("b", ""))
		case "/":
			fmt.Fprint(w, "<html><body>A site with no link tags</body></html>")
		default:
			http.NotFound(w, r)
		}
	}))
	defer bare.Close()
	nothing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			fmt.Fprint(w, "<html><body>nothing here</body></html>")
			return
		}
		http.NotFound(w, r)
	}))
	defer nothing.Close()

	client := fetch.New(fetch.Options{})
	defer client.CloseIdleConnections()
	tests := []struct {
		name, page string
		pick       int
		wantURL    string
		wantN      int
		wantTitle  string
		wantErr    string
	}{
		{"a feed itself", srv.URL + "/feed.xml", 0, srv.URL + "/feed.xml", 1, "Test feed", ""},
		{"first announced", srv.URL + "/announced/", 0, srv.URL + "/feed.xml", 2, "Test feed", ""},
		{"picked", srv.URL + "/announced/", 2, srv.URL + "/atom", 2, "Atom one", ""},
		{"pick out of range", srv.URL + "/announced/", 3, "", 2, "", "announces 2 feeds"},
		{"common path", bare.URL + "/", 0, bare.URL + "/index.xml", 1, "Test feed", ""},
		{"announced but broken", srv.URL + "/broken-announce/", 0, "", 1, "", "not a usable feed"},
		{"nothing", nothing.URL + "/", 0, "", 0, "", "no feed found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Discover(context.Background(), client, tt.page, tt.pick)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if tt.wantN == 0 && !errors.Is(err, ErrNoFeedFound) {
					t.Errorf("err = %v, want ErrNoFeedFound", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Candidates[d.Chosen].URL; got != tt.wantURL || len(d.Candidates) != tt.wantN || d.Title != tt.wantTitle {
				t.Errorf("chose %s of %d (%q), want %s of %d (%q)", got, len(d.Candidates), d.Title, tt.wantURL, tt.wantN, tt.wantTitle)
			}
		})
	}
}

// TestDiscoverCorpus serves the autodiscovery pages whose feed link is
// relative, so the whole of Discover (fetch, find, validate) runs against
// them.
func TestDiscoverCorpus(t *testing.T) {
	dir := corpustest.Dir(t, "parsers", "w3c-feedvalidator", "feedfinder-tests")
	srv := httptest.NewServer(http.StripPrefix("/tests/client/autodiscovery/", http.FileServer(http.Dir(dir))))
	defer srv.Close()
	client := fetch.New(fetch.Options{})
	defer client.CloseIdleConnections()
	for _, name := range []string{"html4-002", "html4-003", "html4-006", "html4-044", "html4-052"} {
		t.Run(name, func(t *testing.T) {
			d, err := Discover(context.Background(), client, srv.URL+"/tests/client/autodiscovery/"+name+".html", 0)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := d.Candidates[d.Chosen].URL, srv.URL+"/tests/client/autodiscovery/"+name+".xml"; got != want || d.Title == "" {
				t.Errorf("chose %s (%q), want %s", got, d.Title, want)
			}
		})
	}
}

func FuzzFindFeedLinks(f *testing.F) {
	f.Add([]byte(`<link rel="alternate" type="application/rss+xml" href="/f">`), "text/html")
	f.Add([]byte("<base href='//x/'><LINK REL=ALTERNATE TYPE=application/atom+xml HREF=a>"), "text/html; charset=utf-16")
	base, _ := url.Parse("https://site.example/a/b")
	f.Fuzz(func(t *testing.T, page []byte, ctype string) {
		for _, c := range FindFeedLinks(page, ctype, base) {
			u, err := url.Parse(c.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || c.Type == "" {
				t.Errorf("bad candidate %+v", c)
			}
		}
	})
}

// feed renders a small RSS document with one item.
func feed(item, extra string) string {
	return fmt.Sprintf(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title><link>http://site.test/</link>%s
<item><title>%s</title><link>http://site.test/%s</link><guid>%s</guid></item></channel></rss>`, extra, item, item, item)
}
