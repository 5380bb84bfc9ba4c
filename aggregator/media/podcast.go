// Package media reads what a feed item carries besides its text: a
// podcast episode's iTunes and podcast-namespace data (PodcastOf), and
// its picture (ImageOf).
package media

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
)

// Bounds of the text fields, in runes.
const (
	nameRunes     = 200
	titleRunes    = 1000
	categoryRunes = 200
)

// Podcast is what a podcast episode carries beyond its enclosure: the
// iTunes namespace (artwork, duration, episode and season numbers, …) and
// the podcast namespace of podcastindex.org (transcripts, chapters,
// funding, people). Channel-level values (artwork, author, explicit,
// categories, funding, people) stand in for an episode's missing ones, so
// each episode keeps them in a merged feed of many podcasts.
type Podcast struct {
	Image       string          `json:"image,omitempty"`
	Duration    int64           `json:"duration,omitempty"` // seconds
	Episode     int             `json:"episode,omitempty"`
	Season      int             `json:"season,omitempty"`
	EpisodeType string          `json:"episode_type,omitempty"` // full, trailer or bonus
	Explicit    string          `json:"explicit,omitempty"`     // "true" or "false"
	Author      string          `json:"author,omitempty"`
	Summary     string          `json:"summary,omitempty"` // plain text
	Categories  []string        `json:"categories,omitempty"`
	Transcripts []PodcastLink   `json:"transcripts,omitempty"`
	Chapters    *PodcastLink    `json:"chapters,omitempty"`
	Funding     []PodcastLink   `json:"funding,omitempty"`
	Persons     []PodcastPerson `json:"persons,omitempty"`
}

// PodcastLink is a podcast:transcript, podcast:chapters or
// podcast:funding: a URL, its media type and language, and a label.
type PodcastLink struct {
	URL      string `json:"url"`
	Type     string `json:"type,omitempty"`
	Language string `json:"language,omitempty"`
	Text     string `json:"text,omitempty"`
}

// PodcastPerson is a podcast:person: a name, a role and group, a page and
// a picture.
type PodcastPerson struct {
	Name  string `json:"name"`
	Role  string `json:"role,omitempty"`
	Group string `json:"group,omitempty"`
	Href  string `json:"href,omitempty"`
	Img   string `json:"img,omitempty"`
}

// maxPodcastLinks bounds each list of podcast links and people per item;
// maxCategories the channel's categories an episode carries.
const (
	maxPodcastLinks = 20
	maxCategories   = 20
)

// Clean is how the normaliser makes a feed's values safe: Text turns
// markup into bounded plain text (n runes at most), URL makes a URL
// absolute against base and vets it, "" when it is unusable.
type Clean struct {
	Text func(s string, n int) string
	URL  func(s string, base *url.URL) string
}

// PodcastOf reads an item's podcast data, falling back to its channel's;
// nil when the item says nothing of it (channel data alone makes no
// episode).
func PodcastOf(doc *gofeed.Feed, gi *gofeed.Item, base *url.URL, clean Clean) *Podcast {
	var it *ext.ITunesItemExtension
	if gi.ITunesExt != nil {
		it = gi.ITunesExt
	} else {
		it = &ext.ITunesItemExtension{}
	}
	ch := doc.ITunesExt
	if ch == nil {
		ch = &ext.ITunesFeedExtension{}
	}
	pc := gi.Extensions["podcast"]
	if gi.ITunesExt == nil && len(pc) == 0 {
		return nil // not an episode: channel data alone makes none
	}
	text := clean.Text
	link := func(s string) string { return clean.URL(strings.TrimSpace(s), base) }
	p := &Podcast{
		Image:       cmpOr(link(it.Image), link(ch.Image)),
		Duration:    parseDuration(it.Duration),
		Episode:     positive(it.Episode),
		Season:      positive(it.Season),
		EpisodeType: oneOf(strings.ToLower(strings.TrimSpace(it.EpisodeType)), "full", "trailer", "bonus"),
		Explicit:    explicit(cmpOr(it.Explicit, ch.Explicit)),
		Author:      text(cmpOr(it.Author, ch.Author), nameRunes),
		Summary:     text(it.Summary, titleRunes*4),
	}
	for _, c := range ch.Categories {
		for ; c != nil && len(p.Categories) < maxCategories; c = c.Subcategory {
			if t := text(c.Text, categoryRunes); t != "" {
				p.Categories = append(p.Categories, t)
			}
		}
	}
	chpc := doc.Extensions["podcast"]
	for _, e := range pc["transcript"] {
		if u := link(e.Attrs["url"]); u != "" && len(p.Transcripts) < maxPodcastLinks {
			p.Transcripts = append(p.Transcripts, PodcastLink{URL: u, Type: text(e.Attrs["type"], nameRunes), Language: text(e.Attrs["language"], 35)})
		}
	}
	for _, e := range pc["chapters"] {
		if u := link(e.Attrs["url"]); u != "" {
			p.Chapters = &PodcastLink{URL: u, Type: text(e.Attrs["type"], nameRunes)}
			break
		}
	}
	funding := pc["funding"]
	if len(funding) == 0 {
		funding = chpc["funding"]
	}
	for _, e := range funding {
		if u := link(e.Attrs["url"]); u != "" && len(p.Funding) < maxPodcastLinks {
			p.Funding = append(p.Funding, PodcastLink{URL: u, Text: text(e.Value, titleRunes)})
		}
	}
	persons := pc["person"]
	if len(persons) == 0 {
		persons = chpc["person"]
	}
	for _, e := range persons {
		if name := text(e.Value, nameRunes); name != "" && len(p.Persons) < maxPodcastLinks {
			p.Persons = append(p.Persons, PodcastPerson{Name: name, Role: text(e.Attrs["role"], nameRunes),
				Group: text(e.Attrs["group"], nameRunes), Href: link(e.Attrs["href"]), Img: link(e.Attrs["img"])})
		}
	}
	return p
}

// parseDuration reads itunes:duration: seconds ("3600"), "MM:SS" or
// "HH:MM:SS" (fractions dropped); 0 when it is none of them.
func parseDuration(s string) int64 {
	s, _, _ = strings.Cut(strings.TrimSpace(s), ".")
	if s == "" {
		return 0
	}
	var total int64
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0
	}
	for _, part := range parts {
		n, err := strconv.ParseInt(part, 10, 64)
		if err != nil || n < 0 || n > 1<<40 {
			return 0
		}
		total = total*60 + n
	}
	return total
}

// positive reads a whole number above zero, or 0.
func positive(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// explicit normalises itunes:explicit to "true", "false" or "".
func explicit(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "explicit":
		return "true"
	case "false", "no", "clean":
		return "false"
	}
	return ""
}

// oneOf returns s when it is one of allowed, else "".
func oneOf(s string, allowed ...string) string {
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	return ""
}

// cmpOr returns the first of a, b that is not blank.
func cmpOr(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}
