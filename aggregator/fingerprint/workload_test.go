package fingerprint_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/feedloom/feedloom/aggregator/fingerprint"
)

// workloadEnv names the environment variable that points the workload test
// at a running feedserver (shared/tools/workload), e.g.
//
//	mkdir -p /tmp/fpwork && cd /tmp/fpwork && feedserver -n 200 -m 50 -addr 127.0.0.1:0 -ready ready &
//	FEEDLOOM_WORKLOAD_URL=$(cat /tmp/fpwork/ready) go test -v -run TestWorkload ./aggregator/fingerprint/
const workloadEnv = "FEEDLOOM_WORKLOAD_URL"

// wlItem is one item of the synthetic benchmark workload as the pipeline
// sees it.
type wlItem struct {
	feed  int
	link  string
	title string
	text  string
	date  time.Time
	sig   fingerprint.Signature
	keys  []uint64
}

// TestWorkloadNoFalseMerges runs the decision over the synthetic workload
// that feedloom is benchmarked on: 10,000 items of 200 feeds whose titles
// come from small word lists (so unrelated items often share a headline)
// and whose texts are built from ten stock phrases and twelve clauses,
// with random place names and percentages. Its only real duplicates are
// re-posts with the same link. Every pair of items from different feeds
// within the window is compared: a Same match between different links is
// a false merge, whether or not the pair shares a key (the store only
// compares pairs that do). It also replays the items in date order through
// Joins, as the store does, and counts the stories: one per link.
func TestWorkloadNoFalseMerges(t *testing.T) {
	base := os.Getenv(workloadEnv)
	if base == "" {
		t.Skipf("%s is not set: start shared/tools/workload's feedserver and point it there", workloadEnv)
	}
	items := fetchWorkload(t, strings.TrimRight(base, "/"))
	slices.SortStableFunc(items, func(a, b *wlItem) int { return a.date.Compare(b.date) })
	links := map[string]bool{}
	for _, it := range items {
		links[it.link] = true
	}
	var (
		pairs, candidates, dupPairs, dupSame, dupFound int
		falseFound, falseUnfound                       int
		why                                            = map[fingerprint.Match]int{}
	)
	for i, a := range items {
		for _, b := range items[i+1:] {
			if b.date.Sub(a.date) > window {
				break
			}
			if a.feed == b.feed {
				continue
			}
			pairs++
			shared := fingerprint.Meet(a.sig, b.sig)
			if shared {
				candidates++
			}
			m := fingerprint.Compare(a.sig, b.sig)
			switch {
			case a.link == b.link:
				dupPairs++
				if m != fingerprint.NoMatch {
					dupSame++
					if shared {
						dupFound++
					}
				}
			case m != fingerprint.NoMatch:
				why[m]++
				if shared {
					falseFound++
				} else {
					falseUnfound++
				}
				if falseFound+falseUnfound <= 5 {
					t.Logf("false merge (%v), %d and %d names, %d shared:\n\t%s | %.300s\n\t%s | %.300s", m,
						len(a.sig.Names), len(b.sig.Names), sharedNames(a.sig, b.sig), a.title, a.text, b.title, b.text)
				}
			}
		}
	}
	size, most := 0, 0
	for _, it := range items {
		b, err := it.sig.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		size, most = size+len(b), max(most, len(b))
	}
	t.Logf("binary signatures: %.0f bytes on average, at most %d", float64(size)/float64(len(items)), most)
	stories := replayStories(items)
	t.Logf("%d items, %d distinct links; %d cross-feed pairs within %v, %d share a key (%.1f candidates per item)",
		len(items), len(links), pairs, window, candidates, 2*float64(candidates)/float64(len(items)))
	t.Logf("false merges: %d pairs sharing a key, %d more without %v", falseFound, falseUnfound, why)
	t.Logf("real duplicates (same link): %d pairs within the window, %d matched by Same (%d through a shared key), the rest by link",
		dupPairs, dupSame, dupFound)
	t.Logf("story replay through Joins (link first, then near-duplicates): %d stories for %d distinct links", stories, len(links))
	if falseFound+falseUnfound > 0 {
		t.Errorf("%d false merges (%d through a shared key); want 0", falseFound+falseUnfound, falseFound)
	}
	if stories != len(links) {
		t.Errorf("%d stories, want one per distinct link: %d", stories, len(links))
	}
}

// replayStories replays the items in date order as the store files them:
// an item joins the story of its link, else the first story found through
// a shared key (from another feed, within the window) that it Joins; it
// returns the number of stories.
func replayStories(items []*wlItem) int {
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return items[a].date.Compare(items[b].date) })
	story := make([]int, len(items))
	var members [][]int
	byLink := map[string]int{}
	byKey := map[uint64][]int{}
	for _, i := range order {
		it := items[i]
		id, ok := byLink[it.link]
		if !ok {
			id = joinStory(items, i, byKey, story, members)
		}
		if id < 0 {
			id = len(members)
			members = append(members, nil)
		}
		story[i] = id
		members[id] = append(members[id], i)
		byLink[it.link] = id
		for _, k := range it.keys {
			byKey[k] = append(byKey[k], i)
		}
	}
	return len(members)
}

func joinStory(items []*wlItem, i int, byKey map[uint64][]int, story []int, members [][]int) int {
	it := items[i]
	tried := map[int]bool{}
	for _, k := range it.sig.LookupKeys() {
		for _, j := range byKey[k] {
			c := items[j]
			sid := story[j]
			if tried[sid] || c.feed == it.feed || absDur(it.date.Sub(c.date)) > window || !fingerprint.Same(it.sig, c.sig) {
				continue
			}
			tried[sid] = true
			var sigs []fingerprint.Signature
			for _, m := range members[sid] {
				if items[m].feed == it.feed {
					sigs = nil
					break
				}
				sigs = append(sigs, items[m].sig)
			}
			if fingerprint.Joins(it.sig, sigs) {
				return sid
			}
		}
	}
	return -1
}

func sharedNames(a, b fingerprint.Signature) int {
	n := 0
	for _, x := range a.Names {
		if slices.Contains(b.Names, x) {
			n++
		}
	}
	return n
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// fetchWorkload reads the feed list from base/feeds.opml and fetches and
// parses every feed, four at a time.
func fetchWorkload(t *testing.T, base string) []*wlItem {
	t.Helper()
	ctx := t.Context()
	body, err := get(ctx, base+"/feeds.opml")
	if err != nil {
		t.Fatal(err)
	}
	urls, err := opmlURLs(body)
	if err != nil {
		t.Fatal(err)
	}
	if len(urls) == 0 {
		t.Fatalf("%s/feeds.opml lists no feeds", base)
	}
	perFeed := make([][]*wlItem, len(urls))
	errs := make([]error, len(urls))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for f, u := range urls {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			perFeed[f], errs[f] = fetchFeed(ctx, f, u)
		})
	}
	wg.Wait()
	var items []*wlItem
	for f := range urls {
		if errs[f] != nil {
			t.Fatal(errs[f])
		}
		items = append(items, perFeed[f]...)
	}
	return items
}

func get(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("get %s: status %s", url, resp.Status)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", url, err)
	}
	return b, nil
}

// opmlURLs returns the xmlUrl of every outline, depth first.
func opmlURLs(b []byte) ([]string, error) {
	type outline struct {
		URL      string    `xml:"xmlUrl,attr"`
		Outlines []outline `xml:"outline"`
	}
	var doc struct {
		Outlines []outline `xml:"body>outline"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("opml: %w", err)
	}
	var urls []string
	var walk func([]outline)
	walk = func(os []outline) {
		for _, o := range os {
			if o.URL != "" {
				urls = append(urls, o.URL)
			}
			walk(o.Outlines)
		}
	}
	walk(doc.Outlines)
	return urls, nil
}

// fetchFeed fetches and parses one feed and builds its items the way the
// pipeline does: a plain-text title, and the summary's text followed by
// the content's (the summary dropped when it repeats the content).
func fetchFeed(ctx context.Context, f int, url string) ([]*wlItem, error) {
	b, err := get(ctx, url)
	if err != nil {
		return nil, err
	}
	doc, err := gofeed.NewParser().ParseString(string(b))
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", url, err)
	}
	var items []*wlItem
	for _, gi := range doc.Items {
		summary, content := gi.Description, gi.Content
		if summary == content {
			summary = ""
		}
		text := strings.TrimSpace(htmlText(summary) + " " + htmlText(content))
		it := &wlItem{feed: f, link: gi.Link, title: htmlText(gi.Title)}
		switch {
		case gi.PublishedParsed != nil:
			it.date = *gi.PublishedParsed
		case gi.UpdatedParsed != nil:
			it.date = *gi.UpdatedParsed
		}
		it.sig = fingerprint.Of(it.title, text)
		it.keys = it.sig.Keys()
		it.text = text
		items = append(items, it)
	}
	return items, nil
}

// htmlText stands in for the pipeline's sanitize.Text: tags removed,
// character references decoded, elements other than phrasing ones
// separating words, whitespace collapsed.
func htmlText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.A, atom.Em, atom.Strong, atom.B, atom.I, atom.Span, atom.Code, atom.Abbr:
			default:
				b.WriteByte(' ')
			}
		}
	}
}
