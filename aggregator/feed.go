package aggregator

import (
	"context"
	"time"
)

// OutputKind tells what an output selects: everything, one category, or
// one topic.
type OutputKind string

// The kinds of output feedloom publishes.
const (
	KindAll      OutputKind = "all"
	KindCategory OutputKind = "category"
	KindTopic    OutputKind = "topic"
)

// Output is one merged feed feedloom publishes, before it has entries.
type Output struct {
	Kind OutputKind
	// Name is the human name: "All", a category path such as
	// "News/Europe", or a topic name such as "Ukraine war".
	Name string
	// Slug names the output's folder; unique among outputs, stable for a
	// given Name, made of [a-z0-9-].
	Slug string
	// Description says in a sentence what the output holds.
	Description string
	// Query is the topic's query text (topics only).
	Query string
	// Limits are the output's own, from its OPML outline.
	Limits LimitsOverride
}

// SourceRef names a source the way outputs credit it.
type SourceRef struct {
	// URL is the source's feed URL (the OPML xmlUrl).
	URL string `json:"url"`
	// Title is the source's name: the OPML text, else the feed's own title.
	Title string `json:"title,omitempty"`
	// SiteURL is the source's web site (OPML htmlUrl or the feed's link).
	SiteURL string `json:"site_url,omitempty"`
	// FeedID is the id the source's own document gives itself (Atom id),
	// or empty.
	FeedID string `json:"feed_id,omitempty"`
}

// Via credits one more source that carried a story, with the link under
// which that source published it.
type Via struct {
	Source SourceRef `json:"source"`
	Link   string    `json:"link,omitempty"`
}

// Entry is one story as an output publishes it: the first-seen item, the
// source that carried it, and every other source that carried the same
// story.
type Entry struct {
	// ID is the story's output id, stable forever (a urn:uuid).
	ID     string
	Item   Item
	Source SourceRef
	Via    []Via
	// Published is the story's position in time; it never moves.
	Published time.Time
	// Updated is the last time any copy of the story changed.
	Updated time.Time
}

// Feed is an output with the entries selected for it, newest first, ready
// to render. Its entries are either held in Entries and Archive (a feed
// built in memory) or read from the store each time Walk is called (a
// feed that Feeds selected), so that an output of any size is rendered
// without holding its entries in memory.
type Feed struct {
	Output Output
	// Title is the collection's title combined with the output's name.
	Title string
	// Owner is the collection's owner (OPML ownerName/ownerEmail), the
	// author of last resort.
	Owner   Person
	Entries []Entry
	// Archive lists the output's older entries, those beyond Entries up to
	// OutputLimits.ArchiveItems, as headlines for its archive page.
	Archive []Headline

	// Source, when set, replaces Entries and Archive: it calls fn with
	// the feed's entries from the store, newest first, one at a time, and
	// stops at fn's first error, returning it (wrapped or not). The first
	// Shown of them (all when Shown is 0) are the feed's entries, the rest
	// its archive, which may carry only what HeadlineOf reads.
	Source func(ctx context.Context, fn func(*Entry) error) error
	Shown  int
	// Shared, when set, reads this feed's entries in one walk with those
	// of other feeds (see SharedWalk); Source still reads them on its own.
	Shared *SharedWalk
}

// SharedWalk reads the entries of several feeds in one walk over the
// store: Walk calls fn(i, e) with each entry of Feeds[i], each feed's in
// the order its Source gives them, the feeds' interleaved. An entry that
// is the same in several feeds is given to each as the same *Entry, which
// fn must not change. A renderer that renders those feeds at once reads
// and decodes each story once, not once for every feed it is in.
type SharedWalk struct {
	Feeds []*Feed
	Walk  func(ctx context.Context, fn func(i int, e *Entry) error) error
}

// Headline is an older entry as an archive page lists it: no content, only
// what names and links it.
type Headline struct {
	ID        string
	Title     string
	Link      string
	Published time.Time
	Source    SourceRef
	// Lead is the start of its summary or content (HTML), for an entry
	// without a title.
	Lead string
}

// headlineLead bounds Headline.Lead.
const headlineLead = 600

// HeadlineOf keeps what an archive page shows of e.
func HeadlineOf(e *Entry) Headline {
	h := Headline{ID: e.ID, Title: e.Item.Title, Link: e.Item.Link, Published: e.Published, Source: e.Source}
	if h.Title == "" {
		lead := e.Item.Summary
		if lead == "" {
			lead = e.Item.Content
		}
		h.Lead = truncBytes(lead, headlineLead)
	}
	return h
}
