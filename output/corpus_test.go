package output

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/canon"
	"github.com/feedloom/feedloom/internal/corpustest"
)

// corpusFeeds parses every feed of shared/corpus/realworld with gofeed and
// turns each into an output as the pipeline would hand it over, minus the
// sanitising: real-world titles, HTML, odd URLs and dates, raw.
func corpusFeeds(t *testing.T) []*aggregator.Feed {
	t.Helper()
	root := corpustest.Dir(t, "realworld")
	var feeds []*aggregator.Feed
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".xml", ".rss", ".atom", ".json":
		default:
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		parsed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
		if err != nil {
			return nil // not a feed gofeed reads; not this test's business
		}
		rel, _ := filepath.Rel(root, path)
		feeds = append(feeds, corpusFeed(filepath.ToSlash(rel), len(feeds), parsed))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) == 0 {
		t.Skipf("no feeds under %s", root)
	}
	return feeds
}

// corpusFeed maps one parsed feed to an output.
func corpusFeed(rel string, n int, p *gofeed.Feed) *aggregator.Feed {
	src := aggregator.SourceRef{URL: "https://corpus.example/" + rel, Title: p.Title, SiteURL: p.Link}
	f := &aggregator.Feed{
		Output: aggregator.Output{Kind: aggregator.KindCategory, Name: rel, Slug: fmt.Sprintf("corpus-%03d", n), Description: p.Description},
		Title:  p.Title,
	}
	fallback := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, it := range p.Items {
		if i == 100 {
			break
		}
		h := sha256.Sum256([]byte(rel + "\x00" + fmt.Sprint(i)))
		e := aggregator.Entry{
			ID:     fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16]),
			Source: src,
			Item: aggregator.Item{
				Link: it.Link, Title: it.Title, Summary: it.Description, Content: it.Content,
				Categories: it.Categories, Language: p.Language,
			},
			Published: fallback,
		}
		switch {
		case it.PublishedParsed != nil:
			e.Published = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			e.Published = *it.UpdatedParsed
		}
		e.Updated = e.Published
		if it.UpdatedParsed != nil && it.UpdatedParsed.After(e.Published) {
			e.Updated = *it.UpdatedParsed
		}
		if e.Published.Year() < 1900 || e.Published.Year() > 9999 {
			e.Published, e.Updated = fallback, fallback // the pipeline clamps these
		}
		for _, a := range it.Authors {
			e.Item.Authors = append(e.Item.Authors, aggregator.Person{Name: a.Name, Email: a.Email})
		}
		for _, enc := range it.Enclosures {
			var length int64
			fmt.Sscan(enc.Length, &length)
			e.Item.Enclosures = append(e.Item.Enclosures, aggregator.Enclosure{URL: enc.URL, Type: enc.Type, Length: length})
		}
		if it.Image != nil {
			e.Item.Image = it.Image.URL
		}
		f.Entries = append(f.Entries, e)
	}
	return f
}

// TestRenderRealWorldFeeds renders every real-world corpus feed in all
// three formats and checks that each document is well-formed (or valid
// JSON) UTF-8 and that gofeed reads back the same ids and links.
// FEEDLOOM_CORPUS_OUT=DIR also publishes them there, for check-outputs.sh.
func TestRenderRealWorldFeeds(t *testing.T) {
	feeds := corpusFeeds(t)
	for _, f := range feeds {
		for _, r := range renderers {
			t.Run(f.Output.Name+"."+r.ext, func(t *testing.T) {
				out, err := r.render(f, testOptions)
				if err != nil {
					t.Fatal(err)
				}
				if !utf8.Valid(out) {
					t.Fatal("invalid UTF-8")
				}
				if r.ext == "json" && !json.Valid(out) {
					t.Fatal("invalid JSON")
				}
				if r.ext != "json" {
					if err := wellFormed(out); err != nil {
						t.Fatalf("not well-formed: %v", err)
					}
				}
				back, err := gofeed.NewParser().Parse(bytes.NewReader(out))
				if err != nil {
					t.Fatalf("gofeed cannot read it back: %v", err)
				}
				if len(back.Items) != len(f.Entries) {
					t.Fatalf("gofeed read %d items, want %d", len(back.Items), len(f.Entries))
				}
				for i, it := range back.Items {
					if it.GUID != f.Entries[i].ID {
						t.Errorf("item %d: id %q, want %q", i, it.GUID, f.Entries[i].ID)
					}
					if want := absURL(canon.StripTracking(f.Entries[i].Item.Link)); strings.TrimSpace(it.Link) != want { // published without tracking parameters
						t.Errorf("item %d: link %q, want %q", i, it.Link, want)
					}
				}
			})
		}
	}
	if dir := os.Getenv("FEEDLOOM_CORPUS_OUT"); dir != "" {
		if _, err := Publish(context.Background(), dir, &Site{Title: "corpus", Feeds: feeds}, testOptions); err != nil {
			t.Fatal(err)
		}
	}
}
