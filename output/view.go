package output

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/canon"
)

// feedView is one output ready to render: every string cleaned, every URL
// absolute, every fallback applied. The three renderers and the HTML pages
// all read it, so every format carries the same titles, links, ids and
// dates.
type feedView struct {
	Slug        string
	Kind        aggregator.OutputKind
	Name        string
	Title       string
	Description string
	Query       string
	// ID is the Atom feed id: the output page's URL, which is unique to
	// this output of this installation and stays as long as the output is
	// hosted where it is (readers key subscriptions on that URL anyway).
	ID        string
	PageURL   string
	RSSURL    string
	AtomURL   string
	JSONURL   string
	Hub       string
	Generator string
	// Language is the most common language of the entries, "" if none.
	Language string
	// Updated is the newest entry's Updated, zero for an empty feed.
	Updated time.Time
	Owner   *person
	// Count is the number of entries; Newest the newest one's Published.
	Count  int
	Newest time.Time
	// Older is the number of entries on the output's archive page.
	Older int

	// feed is where the entries are read from, each time the output is
	// rendered; keepTracking is the option they are prepared with.
	feed         *aggregator.Feed
	keepTracking bool
	// onePass says the facts below are found as the output is rendered,
	// not by a walk of their own (see scanSite).
	onePass bool
	// media and podcast say whether any entry has a picture or is a
	// podcast episode (the documents then declare those namespaces);
	// channel is the episodes' channel-level data.
	media, podcast bool
	channel        podcastFacts
	// first are the first latestCount entries, top the newest
	// latestCount (newest first, ties by id): what the index page shows.
	first, top []entryView
}

// person is an author with a non-empty name; Email and URI are optional
// and valid when set.
type person struct {
	Name  string
	Email string
	URI   string
}

// sourceView credits a source: its feed URL, title, site, own feed id and
// the link under which it carried the story.
type sourceView struct {
	URL     string
	Title   string
	SiteURL string
	FeedID  string
	Link    string
}

// Label is the name to show for the source: its title, else its site or
// feed URL.
func (s sourceView) Label() string {
	switch {
	case s.Title != "":
		return s.Title
	case s.SiteURL != "":
		return s.SiteURL
	}
	return s.URL
}

// Href is where a person reading about the source should go: the story at
// that source, else the source's site, else its feed.
func (s sourceView) Href() string {
	switch {
	case s.Link != "":
		return s.Link
	case s.SiteURL != "":
		return s.SiteURL
	}
	return s.URL
}

// SiteHref is where to read more from the source: its site, else its
// feed.
func (s sourceView) SiteHref() string {
	if s.SiteURL != "" {
		return s.SiteURL
	}
	return s.URL
}

// atomID is the id an Atom <source> gives: the source feed's own id when it
// is a URI, else its feed URL.
func (s sourceView) atomID() string {
	if u, err := url.Parse(s.FeedID); err == nil && u.Scheme != "" {
		return s.FeedID
	}
	return s.URL
}

// enclosure is a media file with a known type; Length is 0 when unknown,
// as RSS 2.0 recommends.
type enclosure struct {
	URL    string
	Type   string
	Length int64
}

// entryView is one entry ready to render.
type entryView struct {
	ID         string
	Title      string
	Link       string
	Summary    string // sanitised HTML
	Content    string // sanitised HTML
	Authors    []person
	Categories []string
	Enclosures []enclosure
	Image      string
	// ImageWidth and ImageHeight are the picture's size, 0 when unknown.
	ImageWidth, ImageHeight int
	// Podcast is the episode's podcast data, nil for other entries.
	Podcast   *podcastView
	Language  string
	Published time.Time
	Updated   time.Time
	Source    sourceView
	Via       []sourceView
}

// Body is the entry's main HTML: its content, else its summary.
func (e *entryView) Body() string {
	if e.Content != "" {
		return e.Content
	}
	return e.Summary
}

// errNoFeed is returned for a nil feed: a caller bug.
var errNoFeed = errors.New("no feed to render")

// prepare checks f and o and builds the view every renderer reads, with
// the facts about f's entries (see scan).
func prepare(f *aggregator.Feed, o Options) (*feedView, error) {
	return scan(context.Background(), f, o)
}

// prepareHeader checks f and o and builds the view's header: everything
// but the facts about its entries.
func prepareHeader(f *aggregator.Feed, o Options) (*feedView, error) {
	if f == nil {
		return nil, errNoFeed
	}
	base, err := o.baseURL()
	if err != nil {
		return nil, err
	}
	hub, err := o.hub()
	if err != nil {
		return nil, err
	}
	slug := f.Output.Slug
	if !validSlug(slug) {
		return nil, fmt.Errorf("output %q has slug %q: a slug must be 1-100 characters of a-z, 0-9 and '-'", f.Output.Name, slug)
	}
	page := base + slug + "/"
	v := &feedView{
		Slug:         slug,
		Kind:         f.Output.Kind,
		Name:         firstNonEmpty(plain(f.Output.Name), slug),
		Title:        firstNonEmpty(plain(f.Title), plain(f.Output.Name), slug),
		Query:        verbatim(f.Output.Query), // shown escaped on the page only
		ID:           page,
		PageURL:      page,
		RSSURL:       page + rssFile,
		AtomURL:      page + atomFile,
		JSONURL:      page + jsonFile,
		Hub:          hub,
		Generator:    plain(o.Generator),
		Owner:        newPerson(f.Owner),
		Description:  plain(f.Output.Description),
		feed:         f,
		keepTracking: o.KeepTracking,
	}
	if v.Description == "" && v.Query != "" {
		v.Description = "Stories matching " + plain(v.Query)
	}
	if v.Description == "" {
		v.Description = v.Title
	}
	return v, nil
}

// prepareEntry cleans one entry and applies the fallbacks.
func prepareEntry(e *aggregator.Entry, f *feedView, keepTracking bool) entryView {
	it := &e.Item
	link := func(u string) string {
		if !keepTracking {
			u = canon.StripTracking(u)
		}
		return u
	}
	v := entryView{
		ID:        strings.TrimSpace(xmlSafe(e.ID)),
		Title:     plain(it.Title),
		Link:      absURL(link(it.Link)),
		Summary:   strings.TrimSpace(xmlSafe(it.Summary)),
		Content:   strings.TrimSpace(xmlSafe(it.Content)),
		Image:     absURL(it.Image),
		Podcast:   newPodcastView(it.Podcast),
		Language:  language(it.Language),
		Source:    newSource(e.Source, link(it.Link)),
		Published: e.Published,
		Updated:   e.Updated,
	}
	if v.Source.URL == "" {
		v.Source.URL = absURL(it.SourceURL)
	}
	if v.Published.IsZero() {
		v.Published = it.Published
	}
	if v.Updated.IsZero() {
		v.Updated = v.Published
	}
	if v.Published.IsZero() {
		v.Published = v.Updated
	}
	v.Published, v.Updated = utcSecond(v.Published), utcSecond(v.Updated)
	for _, c := range it.Categories {
		if c = plain(c); c != "" && !slices.Contains(v.Categories, c) {
			v.Categories = append(v.Categories, c)
		}
	}
	for _, enc := range it.Enclosures {
		if u := absURL(enc.URL); u != "" {
			v.Enclosures = append(v.Enclosures, enclosure{URL: u, Type: mediaType(enc.Type), Length: max(enc.Length, 0)})
		}
	}
	for _, via := range e.Via {
		s := newSource(via.Source, link(via.Link))
		if s.URL != "" || s.Title != "" {
			v.Via = append(v.Via, s)
		}
	}
	if v.Image != "" {
		v.ImageWidth, v.ImageHeight = max(it.ImageWidth, 0), max(it.ImageHeight, 0)
	} else if v.Podcast != nil && v.Podcast.Image != "" {
		v.Image = v.Podcast.Image // an episode's artwork is its picture
	}
	v.Authors = entryAuthors(it.Authors, v.Source, f)
	return v
}

// entryAuthors applies the author fallbacks Atom needs for every entry and
// every format shares: the item's own authors, else its source (named by
// title), else the collection's owner, else the feed itself.
func entryAuthors(authors []aggregator.Person, src sourceView, f *feedView) []person {
	var out []person
	for _, a := range authors {
		if p := newPerson(a); p != nil && !slices.Contains(out, *p) {
			out = append(out, *p)
		}
	}
	switch {
	case len(out) > 0:
		return out
	case src.Title != "":
		return []person{{Name: src.Title, URI: src.SiteURL}}
	case f.Owner != nil:
		return []person{*f.Owner}
	}
	return []person{{Name: f.Title, URI: f.PageURL}}
}

// newPerson cleans p; it returns nil when p has neither a name nor a valid
// email, and names a person by email when that is all there is.
func newPerson(p aggregator.Person) *person {
	out := person{Name: plain(p.Name), Email: plain(p.Email), URI: absURL(p.URI)}
	if !validEmail(out.Email) {
		out.Email = ""
	}
	if out.Name == "" {
		out.Name = out.Email
	}
	if out.Name == "" {
		return nil
	}
	return &out
}

// newSource cleans a source reference and the link it carried a story
// under.
func newSource(s aggregator.SourceRef, link string) sourceView {
	return sourceView{
		URL:     absURL(s.URL),
		Title:   plain(s.Title),
		SiteURL: absURL(s.SiteURL),
		FeedID:  plain(s.FeedID),
		Link:    absURL(link),
	}
}

// mediaType returns t when it looks like a MIME type, else the generic
// "application/octet-stream": RSS and JSON Feed both require a type.
func mediaType(t string) string {
	t = plain(t)
	if i := strings.IndexByte(t, '/'); i <= 0 || i == len(t)-1 || strings.ContainsAny(t, " \"<>") {
		return "application/octet-stream"
	}
	return t
}

// commonLanguage returns the language most entries declare, the
// alphabetically first among equals, or "" when none declares one.
func commonLanguage(entries []entryView) string {
	c := languageCounter{count: map[string]int{}}
	for i := range entries {
		c.add(entries[i].Language)
	}
	return c.best
}

// utcSecond returns t in UTC, truncated to the second: RSS dates cannot
// say more, and every format must carry the same instant.
func utcSecond(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Second)
}

// validSlug reports whether s is a safe folder name of the form the
// aggregator promises: 1-100 characters of a-z, 0-9 and '-'.
func validSlug(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for _, c := range []byte(s) {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// firstNonEmpty returns the first of ss that is not empty.
func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
