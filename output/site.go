package output

import (
	"bytes"
	"cmp"
	"embed"
	"html/template"
	"io"
	"slices"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/canon"
)

// The static site's pages are html/template files, so every value is
// escaped for its context. Entry summaries are shown as plain-text
// excerpts, never as HTML: the pipeline sanitises entry HTML, but a page
// that listed it would load every image and embed of every source, and one
// sanitiser slip would become script on the publisher's own origin. The
// one resource a page loads from a source is an item's picture, as a small
// thumbnail: an http(s) URL only, lazily, without a referrer.

//go:embed templates
var templateFS embed.FS

// pages holds the parsed templates; it is built once and never changed.
var pages = template.Must(template.ParseFS(templateFS, "templates/*.tmpl"))

// style is the one small stylesheet every page carries inline.
var style = func() template.CSS {
	b, err := templateFS.ReadFile("templates/style.css")
	if err != nil {
		panic(err)
	}
	return template.CSS(b)
}()

// latestCount is how many of the newest items the top-level page shows.
const latestCount = 20

// excerptRunes bounds an item's excerpt on the pages.
const excerptRunes = 280

// pageHead is what every page's <head> and footer need.
type pageHead struct {
	Title      string
	Generator  string
	Alternates []formatLink
	Style      template.CSS
	OPML       string
	// Health links the health page, when the site has one.
	Health string
}

// formatLink links one format of one output, for autodiscovery
// (<link rel="alternate">) and for people.
type formatLink struct {
	Label string
	Title string
	Type  string
	Href  string
}

// dated gives a page element a count and its newest item's time.
type dated struct {
	Count  int
	Newest time.Time
}

// ISODate is the newest time for a <time datetime> attribute.
func (d dated) ISODate() string { return d.Newest.Format(time.RFC3339) }

// Date is the newest time for people.
func (d dated) Date() string { return humanDate(d.Newest) }

// indexPage is the data of the top-level index.html.
type indexPage struct {
	pageHead
	Count      int
	Groups     []outputGroup
	Latest     []itemCard
	LatestFrom string
}

// outputGroup is one heading of the index: everything, categories, topics.
type outputGroup struct {
	Heading string
	Outputs []outputCard
}

// outputCard describes one output on the index.
type outputCard struct {
	dated
	Name        string
	Description string
	Href        string
	Formats     []formatLink
}

// outputPage is the data of an output folder's index.html, and of its
// archive.html (Archived set: the older items, Items empty).
type outputPage struct {
	pageHead
	dated
	SiteTitle   string
	Description string
	Query       string
	Home        string
	Formats     []formatLink
	Items       []itemCard
	// Older is how many older items the archive page lists.
	Older    int
	Archived []itemCard
}

// itemCard is one item as the pages show it.
type itemCard struct {
	Title   string
	Link    string
	Thumb   *thumbnail
	Date    string
	ISODate string
	Excerpt string
	Source  sourceView
	Via     []sourceView
}

// renderIndex renders the top-level index.html: every output grouped by
// kind, autodiscovery links for all their formats, and the latest items.
func renderIndex(s *Site, views []*feedView, generator string) ([]byte, error) {
	p := indexPage{
		pageHead: pageHead{Title: siteTitle(s), Generator: generator, Style: style, OPML: opmlFile, Health: healthLink(s, "")},
		Count:    len(views),
	}
	groups := map[aggregator.OutputKind]*outputGroup{}
	var order []*outputGroup
	for _, v := range views {
		formats := formatLinks(v, v.Slug+"/")
		p.Alternates = append(p.Alternates, formats...)
		g := groups[v.Kind]
		if g == nil {
			g = &outputGroup{Heading: groupHeading(v.Kind)}
			groups[v.Kind] = g
			order = append(order, g)
		}
		g.Outputs = append(g.Outputs, outputCard{
			dated: datedOf(v), Name: v.Name, Description: v.Description,
			Href: v.Slug + "/", Formats: formats,
		})
	}
	slices.SortStableFunc(order, func(a, b *outputGroup) int { return cmp.Compare(groupRank(a.Heading), groupRank(b.Heading)) })
	for _, g := range order {
		p.Groups = append(p.Groups, *g)
	}
	p.Latest, p.LatestFrom = latest(views)
	return execute("index.tmpl", p)
}

// renderOutputPage renders an output folder's index.html.
func renderOutputPage(s *Site, v *feedView, generator string) ([]byte, error) {
	return renderOne(v, func(w io.Writer) docWriter {
		return newOutputPageWriter(w, s, generator)
	})
}

// newOutputPageWriter writes an output folder's index.html, a card per
// entry.
func newOutputPageWriter(w io.Writer, s *Site, generator string) *listWriter {
	return &listWriter{w: w, page: "output", data: func(v *feedView) outputPage {
		formats := formatLinks(v, "")
		return outputPage{
			pageHead:    pageHead{Title: v.Title, Generator: generator, Alternates: formats, Style: style, OPML: "../" + opmlFile, Health: healthLink(s, "../")},
			dated:       datedOf(v),
			SiteTitle:   siteTitle(s),
			Description: v.Description,
			Query:       v.Query,
			Home:        "../",
			Formats:     formats,
			Older:       v.Older,
		}
	}}
}

// newArchiveWriter writes an output folder's archive.html: the items
// older than those its page shows, newest first, as titles, dates and
// sources.
func newArchiveWriter(w io.Writer, s *Site, generator string) *listWriter {
	return &listWriter{w: w, page: "archive", data: func(v *feedView) outputPage {
		p := outputPage{
			pageHead:  pageHead{Title: "Older items of " + v.Title, Generator: generator, Style: style, OPML: "../" + opmlFile, Health: healthLink(s, "../")},
			SiteTitle: siteTitle(s),
			Home:      "./",
		}
		p.Count = v.Older
		return p
	}}
}

// listWriter writes a page that lists items, one card at a time: the
// page's top, the list (or "no items"), its bottom.
type listWriter struct {
	w    io.Writer
	page string // "output" or "archive"
	data func(*feedView) outputPage
	d    outputPage // what head found of the view
	n    int
	buf  []byte
}

func (l *listWriter) to(w io.Writer) { l.w = w }

// head writes the top of the page.
func (l *listWriter) head(v *feedView) error {
	l.d = l.data(v)
	return pages.ExecuteTemplate(l.w, l.page+"-top", l.d)
}

// entry lists an entry with a plain-text excerpt.
func (l *listWriter) entry(e *entryView) error {
	c := newItemCard(e)
	return l.card(&c)
}

// card lists one item.
func (l *listWriter) card(c *itemCard) error {
	if l.n == 0 {
		if err := pages.ExecuteTemplate(l.w, "items-open", nil); err != nil {
			return err
		}
	}
	l.n++
	if b, ok := appendCard(l.buf[:0], c); ok {
		l.buf = b
		_, err := l.w.Write(b)
		return err
	}
	return pages.ExecuteTemplate(l.w, "item", c)
}

func (l *listWriter) tail() error {
	end := "items-close"
	if l.n == 0 {
		end = "items-empty"
	}
	if err := pages.ExecuteTemplate(l.w, end, nil); err != nil {
		return err
	}
	return pages.ExecuteTemplate(l.w, l.page+"-bottom", l.d)
}

// archiveCard shows an older entry on the archive page.
func archiveCard(h *aggregator.Headline, keepTracking bool) itemCard {
	link := h.Link
	if !keepTracking {
		link = canon.StripTracking(link)
	}
	title := plain(h.Title)
	if title == "" {
		title = cmp.Or(excerptOf(h.Lead, titleRunes), "(untitled)")
	}
	return itemCard{
		Title:   title,
		Link:    absURL(link),
		Date:    humanDate(h.Published),
		ISODate: h.Published.UTC().Format(time.RFC3339),
		Source:  newSource(h.Source, link),
	}
}

// execute runs one page template into memory.
func execute(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// formatLinks lists an output's three formats, relative to prefix (the
// output's folder as seen from the page).
func formatLinks(v *feedView, prefix string) []formatLink {
	return []formatLink{
		{Label: "RSS", Title: v.Title + " (RSS)", Type: rssType, Href: prefix + rssFile},
		{Label: "Atom", Title: v.Title + " (Atom)", Type: atomType, Href: prefix + atomFile},
		{Label: "JSON Feed", Title: v.Title + " (JSON Feed)", Type: jsonType, Href: prefix + jsonFile},
	}
}

// datedOf returns an output's item count and newest time.
func datedOf(v *feedView) dated {
	return dated{Count: v.Count, Newest: v.Newest}
}

// latest returns the newest items for the top-level page: those of the
// "all" output when there is one, else of every output merged (newest
// first, ties by id, each story once, as the first output that has it
// shows it).
func latest(views []*feedView) ([]itemCard, string) {
	var entries []*entryView
	from := ""
	for _, v := range views {
		if v.Kind == aggregator.KindAll {
			for i := range v.first {
				entries = append(entries, &v.first[i])
			}
			from = v.Name
			break
		}
	}
	if from == "" {
		// Each output's newest latestCount hold every entry the merge
		// keeps: fewer than latestCount entries sort before any of them.
		seen := map[string]bool{}
		for _, v := range views {
			for i := range v.top {
				if e := &v.top[i]; !seen[e.ID] {
					seen[e.ID] = true
					entries = append(entries, e)
				}
			}
		}
		slices.SortStableFunc(entries, newerFirst)
	}
	cards := make([]itemCard, 0, min(len(entries), latestCount))
	for _, e := range entries[:min(len(entries), latestCount)] {
		cards = append(cards, newItemCard(e))
	}
	return cards, from
}

// newItemCard shows an entry on a page, with a plain-text excerpt.
func newItemCard(e *entryView) itemCard {
	return itemCard{
		Title:   displayTitle(e),
		Thumb:   thumbnailOf(e),
		Link:    e.Link,
		Date:    humanDate(e.Published),
		ISODate: e.Published.Format(time.RFC3339),
		Excerpt: excerptOf(cmp.Or(e.Summary, e.Content), excerptRunes),
		Source:  e.Source,
		Via:     e.Via,
	}
}

// groupHeading names the index section of an output kind.
func groupHeading(k aggregator.OutputKind) string {
	switch k {
	case aggregator.KindAll:
		return "Everything"
	case aggregator.KindCategory:
		return "Categories"
	case aggregator.KindTopic:
		return "Topics"
	}
	return "Other feeds"
}

// groupRank orders the index sections.
func groupRank(heading string) int {
	return slices.Index([]string{"Everything", "Categories", "Topics", "Other feeds"}, heading)
}

// siteTitle is the collection's title, or a generic one.
func siteTitle(s *Site) string {
	return cmp.Or(plain(s.Title), "feedloom")
}

// humanDate formats t for people, in UTC like every date feedloom writes.
func humanDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006, 15:04 UTC")
}

// thumbnail is an item's picture on a page: its URL, a display size with
// the picture's aspect ratio (so the page does not jump as it loads), and
// the item's title as its text alternative.
type thumbnail struct {
	Src           string
	Width, Height int
	Alt           string
}

// thumbWidth is the width thumbnails are shown at, in CSS pixels.
const thumbWidth = 120

// thumbnailOf returns the entry's thumbnail, or nil when it has no
// picture.
func thumbnailOf(e *entryView) *thumbnail {
	if e.Image == "" {
		return nil
	}
	t := &thumbnail{Src: e.Image, Width: thumbWidth, Height: thumbWidth * 3 / 4, Alt: displayTitle(e)}
	if e.ImageWidth > 0 && e.ImageHeight > 0 {
		t.Height = max(1, min(thumbWidth*2, thumbWidth*e.ImageHeight/e.ImageWidth))
	}
	return t
}

// healthLink is the health page's address from a page at prefix, or ""
// when the site has none.
func healthLink(s *Site, prefix string) string {
	if s.Health == nil {
		return ""
	}
	return prefix + healthFile
}
