package aggregator_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/mmcdole/gofeed"

	"github.com/feedloom/feedloom/aggregator/opml"
	"github.com/feedloom/feedloom/aggregator/parse"
	"github.com/feedloom/feedloom/aggregator/query"

	"github.com/feedloom/feedloom/internal/corpustest"
	"github.com/feedloom/feedloom/internal/cputime"
)

// devDocs parses the feeds of the named sets of the shared corpus beside
// the repository (each set's feeds folder), with the path of each; the
// benchmark is skipped when there are none.
func devDocs(b *testing.B, sets ...string) ([]string, []*gofeed.Feed) {
	b.Helper()
	var paths []string
	var docs []*gofeed.Feed
	for _, set := range sets {
		dir := corpustest.Dir(b, set, "feeds")
		files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		for _, f := range files {
			body, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			doc, err := parse.Parse(body, "")
			if err != nil {
				b.Fatalf("%s: %v", f, err)
			}
			paths, docs = append(paths, f), append(docs, doc)
		}
	}
	if len(docs) == 0 {
		b.Skipf("no feeds of %v in the shared corpus (it lives beside the repository)", sets)
	}
	return paths, docs
}

// devFeedItems parses and normalises the feeds of the labelled "Ukraine
// war" development set (real news of 2022-2023), as refresh would, and
// returns each item with its source.
func devFeedItems(b *testing.B) ([]*aggregator.Source, []*aggregator.Item) {
	b.Helper()
	paths, docs := devDocs(b, "topics/ukraine-war-dev")
	n := aggregator.NewNormaliser()
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var srcs []*aggregator.Source
	var items []*aggregator.Item
	for i, doc := range docs {
		src := &aggregator.Source{URL: "http://127.0.0.1/" + filepath.Base(paths[i]), Title: doc.Title, Categories: []string{"News"}}
		norm := n.Normalise(src, doc, src.URL, now)
		for j := range norm.Items {
			srcs, items = append(srcs, src), append(items, &norm.Items[j])
		}
	}
	return srcs, items
}

// shippedUkraineTopic compiles the "Ukraine war" topic of feeds.opml.
func shippedUkraineTopic(b *testing.B) *query.Query {
	b.Helper()
	c, err := opml.Load("../feeds.opml", aggregator.CompileQuery)
	if err != nil {
		b.Fatal(err)
	}
	for _, t := range c.Topics {
		if t.Name == "Ukraine war" {
			return t.Matcher
		}
	}
	b.Fatal(`feeds.opml has no "Ukraine war" topic`)
	return nil
}

// BenchmarkTopicMatch measures how many stored items per second the
// shipped "Ukraine war" topic gets through, as ingest and a topic rebuild
// see them: text extracted from the sanitised HTML (TopicText), the item
// prepared (folded and indexed), and the query matched. One op is the
// whole dev set; items/s and items/cpu-s are the figures to read. Run with
//
//	go test -run '^$' -bench TopicMatch -benchmem ./aggregator/
func BenchmarkTopicMatch(b *testing.B) {
	srcs, items := devFeedItems(b)
	q := shippedUkraineTopic(b)
	var chars int
	for _, it := range items {
		chars += len(it.Title) + len(aggregator.TopicText(it))
	}
	b.Logf("%d items, %d bytes of text on average", len(items), chars/len(items))

	measure := func(b *testing.B, each func(i int) bool) {
		b.ReportAllocs()
		start, cpu0 := time.Now(), cputime.Process()
		ops, matched := 0, 0
		for b.Loop() {
			matched = 0
			for i := range items {
				if each(i) {
					matched++
				}
			}
			ops++
		}
		n := float64(ops * len(items))
		b.ReportMetric(n/time.Since(start).Seconds(), "items/s")
		if cpu := cputime.Process() - cpu0; cpu > 0 {
			b.ReportMetric(n/cpu.Seconds(), "items/cpu-s")
		}
		if matched == 0 {
			b.Fatal("the topic matched nothing")
		}
	}
	b.Run("text+prepare+match", func(b *testing.B) {
		measure(b, func(i int) bool { return q.Match(aggregator.PrepareItem(srcs[i], items[i])) })
	})
	b.Run("match-prepared", func(b *testing.B) {
		prepared := make([]*query.Prepared, len(items))
		for i := range items {
			prepared[i] = aggregator.PrepareItem(srcs[i], items[i])
		}
		measure(b, func(i int) bool { return q.Match(prepared[i]) })
	})
	b.Run("text", func(b *testing.B) {
		measure(b, func(i int) bool { return aggregator.TopicText(items[i]) != "" })
	})
}
