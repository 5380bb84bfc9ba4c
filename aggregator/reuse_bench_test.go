package aggregator

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator/query"
	"github.com/mmcdole/gofeed"
)

// benchDoc is a parsed document of n items of about 3 KB of HTML each;
// item edited carries another title.
func benchDoc(b *testing.B, n, edited int) *gofeed.Feed {
	var s strings.Builder
	s.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title><link>https://bench.test/</link>`)
	para := strings.Repeat(`<p>The council met on <b>Tuesday</b> to discuss the <a href="/budget">budget</a> &amp; the ferry timetable for Kyiv.</p>`, 25)
	for i := range n {
		title := fmt.Sprintf("Story %d", i)
		if i == edited {
			title += " (edited)"
		}
		fmt.Fprintf(&s, `<item><title>%s</title><link>https://bench.test/%d</link><guid>g%d</guid><pubDate>Mon, 01 Jun 2026 07:00:00 GMT</pubDate><category>News</category><description><![CDATA[%s]]></description></item>`, title, i, i, para)
	}
	s.WriteString(`</channel></rss>`)
	doc, err := gofeed.NewParser().ParseString(s.String())
	if err != nil {
		b.Fatal(err)
	}
	return doc
}

// BenchmarkNormaliseDocument normalises a 50-item document: cold (no
// previous document) and steady (one item of the 50 changed since the
// last poll), items and topic matches as the refresher's workers make
// them.
func BenchmarkNormaliseDocument(b *testing.B) {
	n := NewNormaliser()
	src := &Source{URL: "https://bench.test/feed"}
	now := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	col := &Collection{Sources: []Source{*src}, Topics: []Topic{{Name: "Kyiv", Query: "kyiv", Matcher: mustCompileB(b, "kyiv")}}}
	topics := newTopicIndex(col)
	extra := topics.generation(src)
	prev := n.NormaliseSince(src, benchDoc(b, 50, -1), src.URL, now, extra, nil)
	st := &SourceState{Generation: prev.Generation, Digests: prev.Digests}
	doc := benchDoc(b, 50, 7)
	for _, tc := range []struct {
		name string
		prev *SourceState
	}{{"cold", nil}, {"steady", st}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				out := n.NormaliseSince(src, doc, src.URL, now, extra, tc.prev)
				for i := range out.Items {
					if out.later[i] == nil {
						topics.match(src, &out.Items[i])
					}
				}
			}
		})
	}
}

// BenchmarkItemDigests is what judging a 50-item document costs on top
// of normalising it: the identity-only items and their digests.
func BenchmarkItemDigests(b *testing.B) {
	n := NewNormaliser()
	src := &Source{URL: "https://bench.test/feed"}
	now := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	doc := benchDoc(b, 50, -1)
	base, _ := url.Parse("https://bench.test/")
	for b.Loop() {
		n.identities(src, doc.Items, base, "", now)
	}
}

func mustCompileB(b *testing.B, q string) *query.Query {
	m, err := CompileQuery(q, nil)
	if err != nil {
		b.Fatal(err)
	}
	return m
}
