package output

import (
	"fmt"
	"strings"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// testOptions are the options every test renders with.
var testOptions = Options{
	BaseURL:   "https://feeds.example.org/loom/",
	Generator: "feedloom/1.0.0 (+https://github.com/feedloom/feedloom)",
}

// at returns a fixed UTC instant on 2024-03-day at hh:mm.
func at(day, hh, mm int) time.Time {
	return time.Date(2024, time.March, day, hh, mm, 0, 0, time.UTC)
}

// fullFeed exercises everything a renderer must handle: several authors,
// author fallbacks (source title, owner), categories with & and <, titles
// with entities, quotes and non-ASCII, enclosures, via sources, an empty
// summary, content with "]]>", an item without a link, languages.
func fullFeed() *aggregator.Feed {
	bbc := aggregator.SourceRef{URL: "https://feeds.bbci.co.uk/news/rss.xml", Title: "BBC News", SiteURL: "https://www.bbc.co.uk/news"}
	kyiv := aggregator.SourceRef{URL: "https://kyivindependent.com/feed/", Title: "The Kyiv Independent", SiteURL: "https://kyivindependent.com/", FeedID: "tag:kyivindependent.com,2022:feed"}
	ap := aggregator.SourceRef{URL: "https://apnews.com/rss", Title: "AP & Friends <wire>"}
	noTitle := aggregator.SourceRef{URL: "https://blog.example.net/atom.xml", FeedID: "not a uri"}
	return &aggregator.Feed{
		Output: aggregator.Output{
			Kind: aggregator.KindCategory, Name: "News/Europe", Slug: "news-europe",
			Description: "Stories from News/Europe sources & friends",
		},
		Title: "Loom — News/Europe",
		Owner: aggregator.Person{Name: "Olha Kowalska", Email: "olha@example.org"},
		Entries: []aggregator.Entry{
			{
				ID: "urn:uuid:6f1c1c62-5c1e-4b7e-9d0c-1a2b3c4d5e01",
				Item: aggregator.Item{
					SourceURL:  kyiv.URL,
					Link:       "https://kyivindependent.com/talks?a=1&b=2",
					Title:      `Tom &amp; Jerry <3 "peace talks" — Zażółć gęślą jaźń, Київ`,
					Summary:    `<p>Short &amp; <em>sweet</em> summary.</p>`,
					Content:    `<p>Full text with a CDATA end ]]> inside and <a href="https://example.com/?x=1&amp;y=2">a link</a>.</p>`,
					Authors:    []aggregator.Person{{Name: "Anna Nowak", Email: "anna@example.com"}, {Name: "Jan <Kowalski>", URI: "https://example.com/jan"}, {Email: "desk@example.com"}},
					Categories: []string{"Science & Tech", "a<b", "War in Ukraine", "Science & Tech"},
					Enclosures: []aggregator.Enclosure{
						{URL: "https://cdn.example.com/ep1.mp3", Type: "audio/mpeg", Length: 123456},
						{URL: "https://cdn.example.com/photo.jpg", Type: "image/jpeg"},
						{URL: "relative/bad.ogg", Type: "audio/ogg"},
					},
					Image:    "https://cdn.example.com/photo.jpg",
					Language: "pl",
				},
				Source: kyiv,
				Via: []aggregator.Via{
					{Source: bbc, Link: "https://www.bbc.co.uk/news/world-1"},
					{Source: ap},
				},
				Published: at(10, 12, 30),
				Updated:   at(10, 14, 5),
			},
			{
				ID: "urn:uuid:6f1c1c62-5c1e-4b7e-9d0c-1a2b3c4d5e02",
				Item: aggregator.Item{
					SourceURL: bbc.URL,
					Link:      "https://www.bbc.co.uk/news/world-2",
					Title:     "No author: credited to the source",
					Content:   "<p>Content only, no summary.</p>",
					Language:  "en",
				},
				Source:    bbc,
				Published: at(9, 8, 0),
				Updated:   at(9, 8, 0),
			},
			{
				ID: "urn:uuid:6f1c1c62-5c1e-4b7e-9d0c-1a2b3c4d5e03",
				Item: aggregator.Item{
					SourceURL:  noTitle.URL,
					Title:      "No link, no author, untitled source: credited to the owner",
					Summary:    "<p>Summary only.</p>",
					Categories: []string{"  ", "Notes"},
					Enclosures: []aggregator.Enclosure{{URL: "https://cdn.example.com/notes.pdf"}},
					Language:   "en",
				},
				Source:    noTitle,
				Published: at(8, 23, 59).Add(999 * time.Millisecond),
				Updated:   at(8, 23, 59).Add(999 * time.Millisecond),
			},
		},
	}
}

// ownerlessFeed is a topic feed without an owner: entries without authors
// and without a source title fall back to the feed's title.
func ownerlessFeed() *aggregator.Feed {
	return &aggregator.Feed{
		Output: aggregator.Output{Kind: aggregator.KindTopic, Name: "Ukraine war", Slug: "ukraine-war", Query: `ukrain* OR "peace talks"`},
		Title:  "Loom — Ukraine war",
		Entries: []aggregator.Entry{{
			ID:        "urn:uuid:6f1c1c62-5c1e-4b7e-9d0c-1a2b3c4d5e04",
			Item:      aggregator.Item{Title: "Ownerless", Link: "https://example.net/a", Summary: "s"},
			Source:    aggregator.SourceRef{URL: "https://example.net/feed"},
			Published: at(7, 7, 7),
		}},
	}
}

// emptyFeed has no entries: no channel dates in RSS, the epoch in Atom.
func emptyFeed() *aggregator.Feed {
	return &aggregator.Feed{
		Output: aggregator.Output{Kind: aggregator.KindTopic, Name: "Nothing yet", Slug: "nothing-yet", Description: "A topic nothing matched."},
		Title:  "Loom — Nothing yet",
	}
}

// bigFeed builds a feed of n entries with about contentBytes of HTML each,
// for benchmarks and publish tests; seed varies the text.
func bigFeed(slug string, n, contentBytes int, seed int) *aggregator.Feed {
	content := bigContent(contentBytes)
	f := &aggregator.Feed{
		Output: aggregator.Output{Kind: aggregator.KindCategory, Name: "Category " + slug, Slug: slug, Description: "Everything in " + slug},
		Title:  "Loom — " + slug,
		Owner:  aggregator.Person{Name: "Owner", Email: "owner@example.org"},
	}
	for i := range n {
		f.Entries = append(f.Entries, bigEntry(slug, i, seed, content))
	}
	return f
}

// bigContent is bigFeed's entry content of about contentBytes.
func bigContent(contentBytes int) string {
	para := "<p>Lorem ipsum dolor sit amet, <em>consectetur</em> adipiscing elit &amp; more, sed do eiusmod tempor.</p>\n"
	return strings.Repeat(para, max(1, contentBytes/len(para)))
}

// bigEntry is the i-th entry of bigFeed(slug, …, seed), an hour older
// than the one before.
func bigEntry(slug string, i, seed int, content string) aggregator.Entry {
	src := aggregator.SourceRef{URL: fmt.Sprintf("https://src%d.example.com/feed", i%7), Title: fmt.Sprintf("Source %d", i%7)}
	return aggregator.Entry{
		ID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%06d%06d", seed, i),
		Item: aggregator.Item{
			Link:       fmt.Sprintf("https://src%d.example.com/story/%d/%d", i%7, seed, i),
			Title:      fmt.Sprintf("Story %d of %s (%d)", i, slug, seed),
			Summary:    "<p>Summary of the story.</p>",
			Content:    content,
			Authors:    []aggregator.Person{{Name: "Reporter"}},
			Categories: []string{"World", "Politics"},
		},
		Source:    src,
		Via:       []aggregator.Via{{Source: aggregator.SourceRef{URL: "https://via.example.com/feed", Title: "Via"}, Link: "https://via.example.com/x"}},
		Published: at(20, 0, 0).Add(-time.Duration(i) * time.Hour),
		Updated:   at(20, 0, 0).Add(-time.Duration(i) * time.Hour),
	}
}
