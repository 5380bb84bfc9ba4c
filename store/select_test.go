package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// Past a selection's Whole entries (an output's archive, shown only as
// headlines) the store decodes only the primary item's title, link and
// source: no content, no summary, no credits of other sources. Every
// default publish reads 500 entries an output and shows 100 of them.
func TestArchiveEntriesAreReadAsHeadlines(t *testing.T) {
	db := openTest(t, Options{})
	const a, b = "https://a.example/feed", "https://b.example/feed"
	at := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	mk := func(src string, i int) aggregator.Item {
		link := fmt.Sprintf("https://news.example/%d", i) // B reposts A's stories
		return aggregator.Item{
			SourceURL: src, GUID: fmt.Sprintf("%s-%d", src, i), Link: link, CanonicalURL: link[len("https://"):],
			Title: fmt.Sprintf("Story %d", i), Summary: "<p>Summary.</p>", Content: "<p>Content.</p>",
			Published: at.Add(time.Duration(i) * time.Hour), Hash: uint64(i + 1),
		}
	}
	var fromA, fromB []aggregator.Item
	for i := range 10 {
		fromA, fromB = append(fromA, mk(a, i)), append(fromB, mk(b, i))
	}
	poll(t, db, a, fromA...)
	poll(t, db, b, fromB...)
	es := selectAll(t, db, aggregator.Selection{Sources: []string{a, b}, Whole: 3})
	if len(es) != 10 {
		t.Fatalf("%d entries, want the 10 stories", len(es))
	}
	for i, e := range es {
		whole := e.Item.Content != "" && e.Item.Summary != "" && len(e.Via) == 1
		if i < 3 && !whole {
			t.Errorf("entry %d (%s) is not whole: %+v", i, e.Item.Title, e)
		}
		if i >= 3 && (e.Item.Content != "" || e.Item.Summary != "" || len(e.Via) != 0 || e.Item.Title == "" || e.Item.Link == "" || e.Source.URL != a) {
			t.Errorf("entry %d is not just its headline: %+v", i, e)
		}
	}
}
