package aggregator_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/internal/cputime"
)

// workloadDoc is a document shaped like the loopback workload's (and most
// news feeds'): 50 items, each with a plain-text title and summary (some
// with quotes and ampersands), categories, an author and a 4 KB HTML body.
func workloadDoc(b *testing.B) *gofeed.Feed {
	body, err := os.ReadFile("sanitize/testdata/article.html")
	if err != nil {
		b.Fatal(err)
	}
	doc := &gofeed.Feed{Title: "The Northern Post", Link: "http://news.example/", FeedLink: "http://news.example/feed.rss", Language: "en"}
	pub := time.Date(2026, 11, 20, 11, 38, 0, 0, time.UTC)
	for i := range 50 {
		summary := fmt.Sprintf("Early figures suggest that the plan would take %d years to complete in Mieldun.", i)
		if i%3 == 0 {
			summary = fmt.Sprintf("The council&#39;s plan &amp; the mayor&#39;s %d objections, in &#34;full&#34;.", i)
		}
		doc.Items = append(doc.Items, &gofeed.Item{
			Title:           fmt.Sprintf("The ministry debates data protection rules, part %d", i),
			Link:            fmt.Sprintf("http://news.example/2026/11/story-%05d.html", i),
			GUID:            fmt.Sprintf("http://news.example/2026/11/story-%05d.html", i),
			Description:     summary,
			Content:         strings.ReplaceAll(string(body), "three-year", fmt.Sprintf("%d-year", i)),
			PublishedParsed: &pub,
			Authors:         []*gofeed.Person{{Name: "Kenji Sato"}},
			Categories:      []string{"transport", "city"},
		})
	}
	return doc
}

// BenchmarkNormalise measures the parse workers' share beside gofeed:
// everything Normalise does to a parsed document (sanitising, plain text,
// URLs, fingerprints, hashes). "workload" is a synthetic 50-item news
// document; "realworld" is every feed of the shared corpus' dedup and topic
// development sets (real news of 2022-2023), skipped without the corpus.
// items/cpu-s is the figure to read on a shared machine. Run with
//
//	go test -run '^$' -bench Normalise -benchmem ./aggregator/
func BenchmarkNormalise(b *testing.B) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	run := func(b *testing.B, docs []*gofeed.Feed) {
		n := aggregator.NewNormaliser()
		src := &aggregator.Source{URL: "http://news.example/feed.rss"}
		items := 0
		for _, d := range docs {
			items += len(d.Items)
		}
		b.ReportAllocs()
		cpu0 := cputime.Process()
		for b.Loop() {
			for _, d := range docs {
				n.Normalise(src, d, src.URL, now)
			}
		}
		if cpu := cputime.Process() - cpu0; cpu > 0 {
			b.ReportMetric(float64(items*b.N)/cpu.Seconds(), "items/cpu-s")
		}
	}
	b.Run("workload", func(b *testing.B) { run(b, []*gofeed.Feed{workloadDoc(b)}) })
	b.Run("realworld", func(b *testing.B) {
		_, docs := devDocs(b, "dedup-dev", "topics/ukraine-war-dev")
		run(b, docs)
	})
}
