package output

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"slices"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/feedloom/feedloom/aggregator"
)

// parsedItem is what a reader must agree on for each item.
type parsedItem struct {
	ID, Link  string
	Published time.Time
}

// wantItems is what the renderers must publish for f: the entries' ids,
// links and publication times (UTC, to the second).
func wantItems(f *aggregator.Feed) []parsedItem {
	var out []parsedItem
	for _, e := range f.Entries {
		out = append(out, parsedItem{ID: e.ID, Link: e.Item.Link, Published: e.Published.UTC().Truncate(time.Second)})
	}
	return out
}

// parseRSS reads an RSS document back with encoding/xml.
func parseRSS(t *testing.T, data []byte) (self string, items []parsedItem) {
	t.Helper()
	var doc struct {
		Channel struct {
			AtomLinks []struct {
				Href string `xml:"href,attr"`
				Rel  string `xml:"rel,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
			Items []struct {
				GUID struct {
					Value     string `xml:",chardata"`
					PermaLink string `xml:"isPermaLink,attr"`
				} `xml:"guid"`
				Link    string `xml:"link"`
				PubDate string `xml:"pubDate"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("RSS does not parse: %v", err)
	}
	for _, l := range doc.Channel.AtomLinks {
		if l.Rel == "self" {
			self = l.Href
		}
	}
	for _, it := range doc.Channel.Items {
		if it.GUID.PermaLink != "false" {
			t.Errorf("guid %s has isPermaLink=%q, want \"false\"", it.GUID.Value, it.GUID.PermaLink)
		}
		p, err := time.Parse(time.RFC1123Z, it.PubDate)
		if err != nil {
			t.Errorf("pubDate %q: %v", it.PubDate, err)
		}
		items = append(items, parsedItem{ID: it.GUID.Value, Link: it.Link, Published: p.UTC()})
	}
	return self, items
}

// parseAtom reads an Atom document back with encoding/xml.
func parseAtom(t *testing.T, data []byte) (self string, items []parsedItem) {
	t.Helper()
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	}
	var doc struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Links   []link   `xml:"link"`
		Entries []struct {
			ID        string `xml:"id"`
			Published string `xml:"published"`
			Updated   string `xml:"updated"`
			Links     []link `xml:"link"`
			Authors   []struct {
				Name string `xml:"name"`
			} `xml:"author"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("Atom does not parse: %v", err)
	}
	if doc.ID == "" || doc.Updated == "" {
		t.Errorf("feed id %q or updated %q missing", doc.ID, doc.Updated)
	}
	for _, l := range doc.Links {
		if l.Rel == "self" {
			self = l.Href
		}
	}
	for _, e := range doc.Entries {
		p, err := time.Parse(time.RFC3339, e.Published)
		if err != nil {
			t.Errorf("published %q: %v", e.Published, err)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("updated %q: %v", e.Updated, err)
		}
		if len(e.Authors) == 0 || e.Authors[0].Name == "" {
			t.Errorf("entry %s has no author", e.ID)
		}
		it := parsedItem{ID: e.ID, Published: p}
		for _, l := range e.Links {
			if l.Rel == "alternate" {
				it.Link = l.Href
			}
		}
		items = append(items, it)
	}
	return self, items
}

// parseJSON reads a JSON Feed back with encoding/json.
func parseJSON(t *testing.T, data []byte) (self string, items []parsedItem) {
	t.Helper()
	var doc struct {
		Version string `json:"version"`
		FeedURL string `json:"feed_url"`
		Items   []struct {
			ID        any       `json:"id"`
			URL       string    `json:"url"`
			Published time.Time `json:"date_published"`
			Feedloom  *struct {
				Source struct {
					URL string `json:"url"`
				} `json:"source"`
			} `json:"_feedloom"`
		} `json:"items"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("JSON Feed does not parse: %v", err)
	}
	if doc.Version != jsonFeedVersion {
		t.Errorf("version %q", doc.Version)
	}
	for _, it := range doc.Items {
		id, ok := it.ID.(string)
		if !ok {
			t.Errorf("id %v is not a string", it.ID)
		}
		if it.Feedloom == nil || it.Feedloom.Source.URL == "" {
			t.Errorf("item %s has no _feedloom source", id)
		}
		items = append(items, parsedItem{ID: id, Link: it.URL, Published: it.Published})
	}
	return doc.FeedURL, items
}

func TestRenderedDocumentsParseBack(t *testing.T) {
	parsers := map[string]func(*testing.T, []byte) (string, []parsedItem){
		"rss": parseRSS, "atom": parseAtom, "json": parseJSON,
	}
	selfName := map[string]string{"rss": rssFile, "atom": atomFile, "json": jsonFile}
	for _, c := range goldenCases() {
		for _, r := range renderers {
			t.Run(c.name+"."+r.ext, func(t *testing.T) {
				data, err := r.render(c.feed, c.opts)
				if err != nil {
					t.Fatal(err)
				}
				self, got := parsers[r.ext](t, data)
				if want := c.opts.BaseURL + c.feed.Output.Slug + "/" + selfName[r.ext]; self != want {
					t.Errorf("self link %q, want %q", self, want)
				}
				compareItems(t, got, wantItems(c.feed))
			})
		}
	}
}

// TestGofeedReadsTheSame parses all three formats with gofeed, the parser
// feedloom itself reads with, and checks it sees the same items, ids,
// links and dates in each.
func TestGofeedReadsTheSame(t *testing.T) {
	for _, c := range goldenCases() {
		for _, r := range renderers {
			t.Run(c.name+"."+r.ext, func(t *testing.T) {
				data, err := r.render(c.feed, c.opts)
				if err != nil {
					t.Fatal(err)
				}
				feed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
				if err != nil {
					t.Fatalf("gofeed: %v", err)
				}
				if feed.Title != c.feed.Title {
					t.Errorf("title %q, want %q", feed.Title, c.feed.Title)
				}
				var got []parsedItem
				for _, it := range feed.Items {
					p := parsedItem{ID: it.GUID, Link: it.Link}
					if it.PublishedParsed != nil {
						p.Published = it.PublishedParsed.UTC()
					}
					got = append(got, p)
				}
				compareItems(t, got, wantItems(c.feed))
				if c.name == "full" {
					first := feed.Items[0]
					if first.Title != c.feed.Entries[0].Item.Title {
						t.Errorf("title %q, want %q (escaped once)", first.Title, c.feed.Entries[0].Item.Title)
					}
					authors := len(first.Authors)
					if r.ext == "rss" && first.DublinCoreExt != nil {
						// gofeed's item model keeps only the first dc:creator
						authors = len(first.DublinCoreExt.Creator)
					}
					if authors != 3 || len(first.Enclosures) != 2 {
						t.Errorf("gofeed saw %d authors, %d enclosures; want 3, 2", authors, len(first.Enclosures))
					}
					// plain text escaped exactly once; a "<" that starts no
					// tag stays with a space, one that does is dropped (see
					// safeText)
					if want := []string{"Science & Tech", "a< b", "War in Ukraine"}; !slices.Equal(first.Categories, want) {
						t.Errorf("categories %q, want %q", first.Categories, want)
					}
					if len(first.Authors) > 1 && first.Authors[1].Name != "Jan" {
						t.Errorf("second author %q, want %q", first.Authors[1].Name, "Jan")
					}
				}
			})
		}
	}
}

// compareItems reports every difference between got and want.
func compareItems(t *testing.T, got, want []parsedItem) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d items, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].ID != want[i].ID || got[i].Link != want[i].Link || !got[i].Published.Equal(want[i].Published) {
			t.Errorf("item %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}
