package output

import (
	"bytes"
	"encoding/xml"
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/feeds"

	"github.com/feedloom/feedloom/aggregator"
)

// Namespaces an RSS document declares besides content:, which gorilla's
// RssFeedXml declares itself.
const (
	atomNS     = "http://www.w3.org/2005/Atom"
	dcNS       = "http://purl.org/dc/elements/1.1/"
	feedloomNS = "https://github.com/feedloom/feedloom/ns/1"
	rssDocs    = "https://www.rssboard.org/rss-specification"
)

// rssDocument extends gorilla's <rss> wrapper with the namespaces feedloom
// uses.
type rssDocument struct {
	feeds.RssFeedXml
	AtomNS     string      `xml:"xmlns:atom,attr"`
	DCNS       string      `xml:"xmlns:dc,attr"`
	FeedloomNS string      `xml:"xmlns:feedloom,attr"`
	ITunesNS   string      `xml:"xmlns:itunes,attr,omitempty"`
	PodcastNS  string      `xml:"xmlns:podcast,attr,omitempty"`
	MediaNS    string      `xml:"xmlns:media,attr,omitempty"`
	Channel    *rssChannel `xml:"channel"`
}

// rssChannel adds self and hub links to gorilla's channel, and the
// channel-level iTunes elements of a feed with podcast episodes.
type rssChannel struct {
	feeds.RssFeed
	AtomLinks        []rssAtomLink    `xml:"atom:link"`
	ChannelAuthor    string           `xml:"itunes:author,omitempty"`
	ChannelImage     *itunesImage     `xml:"itunes:image"`
	ChannelExplicit  string           `xml:"itunes:explicit,omitempty"`
	ITunesCategories []itunesCategory `xml:"itunes:category"`
	Items            []*rssItem       `xml:"item"`
}

// itunesCategory is <itunes:category text="…"/>.
type itunesCategory struct {
	Text string `xml:"text,attr"`
}

// rssAtomLink is an <atom:link> inside RSS (self and hub links).
type rssAtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

// rssItem extends gorilla's item with what it holds only one of, or not at
// all: categories, enclosures, a <source> with its url, dc:creator authors
// and feedloom:via credits. Link is repeated to omit it when empty.
type rssItem struct {
	feeds.RssItem
	Link       string                `xml:"link,omitempty"`
	Categories []string              `xml:"category"`
	Enclosures []*feeds.RssEnclosure `xml:"enclosure"`
	Source     *rssSource            `xml:"source"`
	Creators   []string              `xml:"dc:creator"`
	Via        []rssVia              `xml:"feedloom:via"`
	*episodeXML
}

// rssSource is RSS 2.0's <source url="feed URL">title</source>.
type rssSource struct {
	URL   string `xml:"url,attr"`
	Title string `xml:",chardata"`
}

// rssVia credits one more source that carried the story:
// <feedloom:via url="feed URL" link="story link">title</feedloom:via>.
type rssVia struct {
	URL   string `xml:"url,attr,omitempty"`
	Link  string `xml:"link,attr,omitempty"`
	Title string `xml:",chardata"`
}

// RenderRSS renders f as an RSS 2.0 document. Channel dates are the newest
// entry's (omitted for an empty feed); item guids are the entry ids with
// isPermaLink="false"; the description is the summary (else the content)
// plus an "Also via" line, and content:encoded carries the full content.
func RenderRSS(f *aggregator.Feed, o Options) ([]byte, error) {
	v, err := prepare(f, o)
	if err != nil {
		return nil, err
	}
	return renderRSS(v)
}

// renderRSS renders a prepared feed.
func renderRSS(v *feedView) ([]byte, error) {
	return renderOne(v, newRSSWriter)
}

// rssShell is the RSS document of v without its items: what comes before
// and after them.
func rssShell(v *feedView) (head, tail []byte, err error) {
	ch := &rssChannel{RssFeed: feeds.RssFeed{
		Title:         v.Title,
		Link:          v.PageURL,
		Description:   v.Description,
		Language:      v.Language,
		PubDate:       rssDate(v.Updated),
		LastBuildDate: rssDate(v.Updated),
		Generator:     v.Generator,
		Docs:          rssDocs,
	}}
	if v.Owner != nil && v.Owner.Email != "" {
		ch.ManagingEditor = v.Owner.Email + " (" + v.Owner.Name + ")"
	}
	ch.AtomLinks = append(ch.AtomLinks, rssAtomLink{Href: v.RSSURL, Rel: "self", Type: rssType})
	if v.Hub != "" {
		ch.AtomLinks = append(ch.AtomLinks, rssAtomLink{Href: v.Hub, Rel: "hub"})
	}
	if v.podcast {
		podcastChannel(ch, v)
	}
	// gorilla's wrapper supplies the version and the content: namespace;
	// its channel is replaced by the extended one.
	wrapper := *ch.RssFeed.FeedXml().(*feeds.RssFeedXml)
	wrapper.Channel = nil
	doc := &rssDocument{
		RssFeedXml: wrapper,
		AtomNS:     atomNS,
		DCNS:       dcNS,
		FeedloomNS: feedloomNS,
		Channel:    ch,
	}
	if v.podcast {
		doc.ITunesNS, doc.PodcastNS = itunesNS, podcastNS
	}
	if v.media {
		doc.MediaNS = mediaNS
	}
	shell, err := marshalXML(doc)
	if err != nil {
		return nil, nil, err
	}
	// The items are the channel's last elements.
	return splitShell(shell, "\n  </channel>\n</rss>\n")
}

// newRSSItem maps one entry to an RSS item.
func newRSSItem(e *entryView) *rssItem {
	it := &rssItem{
		RssItem: feeds.RssItem{
			Title:       e.Title,
			Description: rssDescription(e),
			Guid:        &feeds.RssGuid{Id: e.ID, IsPermaLink: "false"},
			PubDate:     rssDate(e.Published),
		},
		Link:       e.Link,
		Categories: e.Categories,
	}
	if e.Content != "" {
		it.Content = &feeds.RssContent{Content: e.Content}
	}
	for _, enc := range e.Enclosures {
		it.Enclosures = append(it.Enclosures, &feeds.RssEnclosure{
			Url: enc.URL, Type: enc.Type, Length: strconv.FormatInt(enc.Length, 10),
		})
	}
	if e.Source.URL != "" {
		it.Source = &rssSource{URL: e.Source.URL, Title: e.Source.Label()}
	}
	for _, a := range e.Authors {
		it.Creators = append(it.Creators, a.Name)
	}
	for _, s := range e.Via {
		it.Via = append(it.Via, rssVia{URL: s.URL, Link: s.Link, Title: s.Title})
	}
	if x, ok := newEpisodeXML(e); ok {
		it.episodeXML = &x
	}
	return it
}

// podcastChannel gives a feed with podcast episodes the channel elements
// podcast apps look for: an author (the collection's owner, else the
// newest episode's), artwork (the newest episode's), explicit (true when
// any episode is) and the episodes' categories.
func podcastChannel(ch *rssChannel, v *feedView) {
	p := &v.channel
	ch.ChannelAuthor = p.author
	if v.Owner != nil {
		ch.ChannelAuthor = v.Owner.Name
	}
	if p.image != "" {
		ch.ChannelImage = &itunesImage{Href: p.image}
	}
	ch.ChannelExplicit = "false"
	if p.explicit {
		ch.ChannelExplicit = "true"
	}
	for _, c := range p.categories {
		ch.ITunesCategories = append(ch.ITunesCategories, itunesCategory{Text: c})
	}
}

// rssDescription is the entry's summary (else its content) followed by an
// "Also via" paragraph naming the other sources, for readers that show
// nothing of feedloom:via.
func rssDescription(e *entryView) string {
	desc := e.Summary
	if desc == "" {
		desc = e.Content
	}
	if len(e.Via) == 0 {
		return desc
	}
	var b strings.Builder
	b.WriteString(desc)
	if desc != "" {
		b.WriteString("\n")
	}
	b.WriteString("<p>Also via: ")
	for i, s := range e.Via {
		if i > 0 {
			b.WriteString(", ")
		}
		label := html.EscapeString(s.Label())
		if href := s.Href(); href != "" {
			b.WriteString(`<a href="` + html.EscapeString(href) + `">` + label + `</a>`)
		} else {
			b.WriteString(label)
		}
	}
	b.WriteString("</p>")
	return b.String()
}

// rssDate formats t the way RSS 2.0 requires (RFC 822 with a four-digit
// year, as RFC 1123 allows), or "" for the zero time.
func rssDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC1123Z)
}

// marshalXML encodes doc as an indented UTF-8 XML document with a
// declaration and a final newline.
func marshalXML(doc any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
