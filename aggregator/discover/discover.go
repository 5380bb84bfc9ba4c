package discover

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/feedloom/feedloom/aggregator/parse"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fetch"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// FeedTypes are the media types that feed autodiscovery links announce.
// application/json alone is not one of them: WordPress announces its REST
// API with it.
var FeedTypes = []string{
	"application/rss+xml",
	"application/atom+xml",
	"application/feed+json",
	"application/rdf+xml",
	"application/x.atom+xml",
	"application/x-atom+xml",
}

// CommonFeedPaths are tried, from the site's root, when a page announces
// no feed.
var CommonFeedPaths = []string{"/feed", "/rss", "/atom.xml", "/feed.xml", "/index.xml", "/rss.xml"}

// ErrNoFeedFound is returned when a page neither is a feed, nor announces
// one, nor has one at a common path.
var ErrNoFeedFound = errors.New("no feed found")

// Candidate is a feed found for a page.
type Candidate struct {
	URL string
	// Title is the autodiscovery link's title, if any.
	Title string
	// Type is the announced media type ("" when found otherwise).
	Type string
	// How is "feed" (the URL given is a feed), "link" (announced by a
	// <link rel="alternate">) or "path" (found at a common path).
	How string
}

// Discovery is the outcome of autodiscovery: every candidate, and the
// chosen one validated as a feed.
type Discovery struct {
	Candidates []Candidate
	// Chosen indexes Candidates.
	Chosen int
	// Title and SiteURL are what the chosen feed says about itself.
	Title, SiteURL string
}

// Discover finds the feed behind pageURL: the URL itself when it serves a
// feed; otherwise the feeds its HTML announces with <link rel="alternate">
// (in page order); otherwise the first of CommonFeedPaths that serves a
// feed. pick chooses among several candidates (1-based; 0 means the
// first). The chosen candidate is fetched and must parse as a feed.
func Discover(ctx context.Context, f aggregator.Fetcher, pageURL string, pick int) (*Discovery, error) {
	resp, err := f.Fetch(ctx, fetch.Request{URL: pageURL})
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", pageURL, err)
	}
	if doc, err := parse.Parse(resp.Body, resp.ContentType); err == nil {
		u := pageURL
		if resp.PermanentURL != "" {
			u = resp.PermanentURL
		}
		return &Discovery{Candidates: []Candidate{{URL: u, Title: doc.Title, How: "feed"}}, Title: doc.Title, SiteURL: doc.Link}, nil
	}
	base, err := url.Parse(resp.FinalURL)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: bad final URL: %w", pageURL, err)
	}
	d := &Discovery{Candidates: FindFeedLinks(resp.Body, resp.ContentType, base)}
	if len(d.Candidates) == 0 {
		for _, p := range CommonFeedPaths {
			u := base.ResolveReference(&url.URL{Path: p}).String()
			if title, site, err := probe(ctx, f, u, pageURL); err == nil {
				d.Candidates = []Candidate{{URL: u, Title: title, How: "path"}}
				d.Title, d.SiteURL = title, site
				return d, nil
			}
		}
		return nil, fmt.Errorf("%w at %s: the page announces no feed (<link rel=\"alternate\">) and none of %s serves one; find the feed's URL on the site and add that",
			ErrNoFeedFound, pageURL, strings.Join(CommonFeedPaths, ", "))
	}
	if pick < 0 || pick > len(d.Candidates) {
		return d, fmt.Errorf("--pick %d: the page announces %d feeds", pick, len(d.Candidates))
	}
	d.Chosen = max(pick-1, 0)
	c := d.Candidates[d.Chosen]
	title, site, err := probe(ctx, f, c.URL, pageURL)
	if err != nil {
		return d, fmt.Errorf("%s, announced by %s, is not a usable feed: %w", c.URL, pageURL, err)
	}
	d.Title, d.SiteURL = title, site
	return d, nil
}

// probe fetches u, found on the page at origin, and checks that it parses
// as a feed. The page is what the operator named, so only its host may be a
// private address.
func probe(ctx context.Context, f aggregator.Fetcher, u, origin string) (title, site string, err error) {
	resp, err := f.Fetch(ctx, fetch.Request{URL: u, Origin: origin})
	if err != nil {
		return "", "", err
	}
	doc, err := parse.Parse(resp.Body, resp.ContentType)
	if err != nil {
		return "", "", err
	}
	return doc.Title, doc.Link, nil
}

// FindFeedLinks returns the feeds an HTML page announces with
// <link rel="alternate" type="…feed type…" href="…">, in page order and
// without duplicates. Relative hrefs resolve against the page's URL, or
// against a <base href> that comes before them. The page is decoded by its
// BOM, Content-Type charset or <meta charset>.
func FindFeedLinks(page []byte, contentType string, pageURL *url.URL) []Candidate {
	r, err := charset.NewReader(bytes.NewReader(page), contentType)
	if err != nil {
		r = bytes.NewReader(page)
	}
	base := pageURL
	seen := map[string]bool{}
	var out []Candidate
	z := html.NewTokenizer(r)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out // io.EOF, or a page too broken to read on
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr || (string(name) != "link" && string(name) != "base") {
			continue
		}
		attrs := map[string]string{}
		for more := true; more; {
			var k, v []byte
			k, v, more = z.TagAttr()
			if _, dup := attrs[string(k)]; !dup {
				attrs[string(k)] = string(v)
			}
		}
		href := strings.TrimSpace(attrs["href"])
		if string(name) == "base" {
			if b, err := pageURL.Parse(href); err == nil && href != "" {
				base = b
			}
			continue
		}
		typ := feedType(attrs["type"])
		if href == "" || typ == "" || !relAlternate(attrs["rel"]) {
			continue
		}
		u, err := base.Parse(href)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			continue
		}
		if s := u.String(); !seen[s] {
			seen[s] = true
			out = append(out, Candidate{URL: s, Title: strings.TrimSpace(attrs["title"]), Type: typ, How: "link"})
		}
	}
}

// feedType returns the normalised media type when t is a feed type.
func feedType(t string) string {
	t, _, _ = strings.Cut(t, ";")
	t = strings.ToLower(strings.TrimSpace(t))
	for _, ft := range FeedTypes {
		if t == ft {
			return t
		}
	}
	return ""
}

// relAlternate reports whether a rel attribute holds the "alternate"
// (or "feed") link type.
func relAlternate(rel string) bool {
	for _, r := range strings.Fields(strings.ToLower(rel)) {
		if r == "alternate" || r == "feed" {
			return true
		}
	}
	return false
}
