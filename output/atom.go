package output

import (
	"strconv"
	"time"

	"github.com/gorilla/feeds"

	"github.com/feedloom/feedloom/aggregator"
)

// atomFeed extends gorilla's feed with several links, a generator, a
// language and entries of the extended kind.
type atomFeed struct {
	feeds.AtomFeed
	ITunesNS  string         `xml:"xmlns:itunes,attr,omitempty"`
	PodcastNS string         `xml:"xmlns:podcast,attr,omitempty"`
	MediaNS   string         `xml:"xmlns:media,attr,omitempty"`
	Lang      string         `xml:"xml:lang,attr,omitempty"`
	Links     []atomLink     `xml:"link"`
	Generator *atomGenerator `xml:"generator"`
	Entries   []*atomEntry   `xml:"entry"`
}

// atomLink adds a title to gorilla's link (used on rel="via" links).
type atomLink struct {
	feeds.AtomLink
	Title string `xml:"title,attr,omitempty"`
}

// atomGenerator is Atom's <generator>.
type atomGenerator struct {
	Value string `xml:",chardata"`
}

// atomEntry extends gorilla's entry with several authors, links and
// categories, a structured <source> and a language.
type atomEntry struct {
	feeds.AtomEntry
	Lang       string              `xml:"xml:lang,attr,omitempty"`
	Authors    []*feeds.AtomAuthor `xml:"author"`
	Links      []atomLink          `xml:"link"`
	Categories []atomCategory      `xml:"category"`
	Source     *atomSource         `xml:"source"`
	// Podcast data and the picture, as foreign markup (RFC 4287 section
	// 6.4), which podcast apps read in Atom as in RSS.
	*episodeXML
}

// atomCategory is <category term="…"/>.
type atomCategory struct {
	Term string `xml:"term,attr"`
}

// atomSource is the <source> of an entry copied from another feed: that
// feed's id, title and links (RFC 4287 section 4.2.11).
type atomSource struct {
	ID      string     `xml:"id,omitempty"`
	Title   string     `xml:"title,omitempty"`
	Updated string     `xml:"updated,omitempty"`
	Links   []atomLink `xml:"link"`
}

// epoch stands in for the required feed <updated> of an empty feed: a
// fixed instant, since feeds never carry the wall clock.
var epoch = time.Unix(0, 0).UTC()

// RenderAtom renders f as an Atom 1.0 document. The feed id is the output
// page's URL; every entry has an author (see entryAuthors), its source, a
// rel="via" link per other source, enclosures as rel="enclosure" links, and
// its content (else summary) as content type="html", with the summary kept
// as summary type="html" when both exist.
func RenderAtom(f *aggregator.Feed, o Options) ([]byte, error) {
	v, err := prepare(f, o)
	if err != nil {
		return nil, err
	}
	return renderAtom(v)
}

// renderAtom renders a prepared feed.
func renderAtom(v *feedView) ([]byte, error) {
	return renderOne(v, newAtomWriter)
}

// atomShell is the Atom document of v without its entries: what comes
// before and after them.
func atomShell(v *feedView) (head, tail []byte, err error) {
	updated := v.Updated
	if updated.IsZero() {
		updated = epoch
	}
	feed := &atomFeed{
		AtomFeed: feeds.AtomFeed{
			Xmlns:    atomNS,
			Title:    v.Title,
			Id:       v.ID,
			Updated:  atomDate(updated),
			Subtitle: v.Description,
		},
		Lang: v.Language,
		Links: []atomLink{
			link(v.AtomURL, "self", atomType),
			link(v.PageURL, "alternate", "text/html"),
		},
	}
	if v.Hub != "" {
		feed.Links = append(feed.Links, link(v.Hub, "hub", ""))
	}
	if v.Owner != nil {
		feed.Author = atomAuthor(*v.Owner)
	}
	if v.Generator != "" {
		feed.Generator = &atomGenerator{Value: v.Generator}
	}
	if v.media {
		feed.MediaNS = mediaNS
	}
	if v.podcast {
		feed.ITunesNS, feed.PodcastNS = itunesNS, podcastNS
	}
	shell, err := marshalXML(feed)
	if err != nil {
		return nil, nil, err
	}
	// The entries are the feed's last elements.
	return splitShell(shell, "\n</feed>\n")
}

// newAtomEntry maps one entry to an Atom entry.
func newAtomEntry(e *entryView) *atomEntry {
	x := &atomEntry{
		AtomEntry: feeds.AtomEntry{
			Title:     displayTitle(e),
			Id:        e.ID,
			Updated:   atomDate(e.Updated),
			Published: atomDate(e.Published),
			Content:   &feeds.AtomContent{Content: e.Body(), Type: "html"},
		},
		Lang: e.Language,
	}
	if e.Content != "" && e.Summary != "" {
		x.Summary = &feeds.AtomSummary{Content: e.Summary, Type: "html"}
	}
	for _, a := range e.Authors {
		x.Authors = append(x.Authors, atomAuthor(a))
	}
	if e.Link != "" {
		x.Links = append(x.Links, link(e.Link, "alternate", "text/html"))
	}
	for _, enc := range e.Enclosures {
		l := link(enc.URL, "enclosure", enc.Type)
		if enc.Length > 0 {
			l.Length = strconv.FormatInt(enc.Length, 10)
		}
		x.Links = append(x.Links, l)
	}
	for _, s := range e.Via {
		if href := s.Href(); href != "" {
			l := link(href, "via", "")
			l.Title = s.Title
			x.Links = append(x.Links, l)
		}
	}
	for _, c := range e.Categories {
		x.Categories = append(x.Categories, atomCategory{Term: c})
	}
	if s := e.Source; s.URL != "" || s.Title != "" {
		// The source feed was updated at least when this entry was, and a
		// <source> without <updated> draws a validator warning.
		src := &atomSource{ID: s.atomID(), Title: s.Title, Updated: atomDate(e.Updated)}
		if s.SiteURL != "" {
			src.Links = append(src.Links, link(s.SiteURL, "alternate", "text/html"))
		}
		if s.URL != "" {
			src.Links = append(src.Links, link(s.URL, "self", ""))
		}
		x.Source = src
	}
	if ep, ok := newEpisodeXML(e); ok {
		x.episodeXML = &ep
	}
	return x
}

// link builds an Atom link.
func link(href, rel, typ string) atomLink {
	return atomLink{AtomLink: feeds.AtomLink{Href: href, Rel: rel, Type: typ}}
}

// atomAuthor maps a person to an Atom author.
func atomAuthor(p person) *feeds.AtomAuthor {
	return &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: p.Name, Email: p.Email, Uri: p.URI}}
}

// atomDate formats t as RFC 3339 in UTC; the zero time (an entry without
// any date, which the pipeline never produces) becomes the epoch because
// Atom requires the element.
func atomDate(t time.Time) string {
	if t.IsZero() {
		t = epoch
	}
	return t.UTC().Format(time.RFC3339)
}
