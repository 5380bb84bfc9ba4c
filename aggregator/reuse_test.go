package aggregator

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator/query"
)

// reuseServer serves one RSS document that a test edits between polls.
type reuseServer struct {
	mu     sync.Mutex
	link   string   // the channel's link
	titles []string // one item per title
}

func (s *reuseServer) set(f func()) { s.mu.Lock(); f(); s.mu.Unlock() }

func (s *reuseServer) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>%s</link>`, s.link)
	for i, t := range s.titles {
		fmt.Fprintf(&b, `<item><title>%s</title><link>/a/%d</link><guid>g%d</guid><pubDate>Mon, 01 Jun 2026 07:%02d:00 GMT</pubDate>`+
			`<description><![CDATA[<p onclick="x()">Kyiv talks, part %d <a href="/rel/%d">more</a></p><script>bad()</script>]]></description></item>`,
			t, i, i, i, i, i)
	}
	b.WriteString(`</channel></rss>`)
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, b.String())
}

func newReuseTest(t *testing.T) (*harness, *reuseServer, string) {
	t.Helper()
	s := &reuseServer{link: "http://site.test/", titles: []string{"one", "two", "three"}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	h := newHarness(t, srv.URL+"/feed")
	return h, s, srv.URL + "/feed"
}

// completed is a result's items with every Known item normalised in full.
func completed(res *SourceResult) []Incoming {
	out := make([]Incoming, len(res.Items))
	for i := range res.Items {
		out[i] = res.Items[i]
		out[i].Complete()
	}
	return out
}

func TestRefreshReusesUnchangedItems(t *testing.T) {
	h, s, u := newReuseTest(t)
	h.col.Topics = []Topic{{Name: "Kyiv", Query: "kyiv", Matcher: mustCompile(t, "kyiv")}}
	if rep := h.run(); rep.Reused != 0 || rep.Fetched != 1 {
		t.Fatalf("first poll: fetched %d, reused %d; want 1, 0", rep.Fetched, rep.Reused)
	}
	if d := h.state(u).Digests; len(d) != 3 {
		t.Fatalf("state keeps %d digests, want 3", len(d))
	}
	before := h.state(u)
	basis := before.ReuseBasis()
	s.set(func() { s.titles[1] = "two, edited" })
	h.now = h.now.Add(time.Hour)
	rep := h.run()
	if got := h.store.last[u].Basis; got != basis || got == 0 {
		t.Errorf("result's basis %x, want %x: the state its items were judged by", got, basis)
	}
	if rep.Reused != 2 {
		t.Fatalf("second poll reused %d items, want 2 (only the edited one is normalised again)", rep.Reused)
	}
	res := h.store.last[u]
	for i, want := range []bool{true, false, true} {
		if got := res.Items[i].Known(); got != want {
			t.Errorf("item %d: Known() = %v, want %v", i, got, want)
		}
	}
	if it := res.Items[0].Item; it.Identity != "guid:g0" || it.Link != "http://site.test/a/0" || it.Title != "one" || it.Content != "" {
		t.Errorf("known item: identity %q, link %q, title %q, content %q; want its identity, link and title only", it.Identity, it.Link, it.Title, it.Content)
	}

	// What a known item completes to is what normalising it in full gives.
	fresh := newHarness(t, u)
	fresh.col.Topics, fresh.now = h.col.Topics, h.now
	if rep := fresh.run(); rep.Reused != 0 {
		t.Fatalf("a fresh store reused %d items", rep.Reused)
	}
	got, want := completed(res), fresh.store.last[u].Items
	if !reflect.DeepEqual(got, want) {
		t.Errorf("completed items differ from items normalised in full:\n got %+v\nwant %+v", got, want)
	}
	if len(want[0].Topics) != 1 || want[0].Item.Hash == 0 {
		t.Fatalf("full item lacks its topic or hash: %+v", want[0])
	}
}

// Anything besides the item that decides its stored form, changed, makes
// every item normalised again.
func TestRefreshReuseNeedsSameGeneration(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(h *harness, s *reuseServer)
	}{
		{"nothing", func(*harness, *reuseServer) {}},
		{"topic added", func(h *harness, _ *reuseServer) {
			h.col.Topics = append(h.col.Topics, Topic{Name: "Talks", Query: "talks", Matcher: mustCompile(h.t, "talks")})
		}},
		{"topic query edited", func(h *harness, _ *reuseServer) {
			h.col.Topics[0].Query, h.col.Topics[0].Matcher = "kyiv OR lviv", mustCompile(h.t, "kyiv OR lviv")
		}},
		{"source renamed in the OPML", func(h *harness, _ *reuseServer) { h.col.Sources[0].Title = "renamed" }},
		{"source put in a category", func(h *harness, _ *reuseServer) { h.col.Sources[0].Categories = []string{"News"} }},
		{"channel link changed", func(_ *harness, s *reuseServer) { s.link = "http://elsewhere.test/" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, s, _ := newReuseTest(t)
			h.col.Topics = []Topic{{Name: "Kyiv", Query: "kyiv", Matcher: mustCompile(t, "kyiv")}}
			h.run()
			s.set(func() { s.titles = append(s.titles, "four") }) // a new item, so the body changes
			s.set(func() { tc.change(h, s) })
			h.now = h.now.Add(time.Hour)
			rep := h.run()
			want := 0
			if tc.name == "nothing" {
				want = 3
			}
			if rep.Reused != want {
				t.Errorf("reused %d items, want %d", rep.Reused, want)
			}
		})
	}
}

// An item that lost something to the bounds is normalised again every
// time, so the source's warning stays whole.
func TestRefreshReuseKeepsWarnings(t *testing.T) {
	h, s, u := newReuseTest(t)
	long := strings.Repeat("word ", MaxTitleRunes)
	s.set(func() { s.titles[0] = long })
	h.run()
	first := h.state(u).LastWarning
	if first == "" {
		t.Fatal("a title over the bound left no warning")
	}
	s.set(func() { s.titles = append(s.titles, "four") })
	h.now = h.now.Add(time.Hour)
	if rep := h.run(); rep.Reused != 2 {
		t.Errorf("reused %d items, want 2 (the clean ones)", rep.Reused)
	}
	if got := h.state(u).LastWarning; got != first {
		t.Errorf("warning after reuse %q, want %q", got, first)
	}
}

func mustCompile(t *testing.T, q string) *query.Query {
	t.Helper()
	m, err := CompileQuery(q, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
