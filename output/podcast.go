package output

import (
	"strconv"

	"github.com/feedloom/feedloom/aggregator/media"
)

// Namespaces of podcast and media data, declared by a document that uses
// them.
const (
	itunesNS  = "http://www.itunes.com/dtds/podcast-1.0.dtd"
	podcastNS = "https://podcastindex.org/namespace/1.0"
	mediaNS   = "http://search.yahoo.com/mrss/"
)

// podcastView is an episode's podcast data, cleaned for every format:
// URLs absolute http(s), text plain.
type podcastView struct {
	Image       string
	Duration    int64
	Episode     int
	Season      int
	EpisodeType string
	Explicit    string
	Author      string
	Summary     string
	Categories  []string
	Transcripts []media.PodcastLink
	Chapters    *media.PodcastLink
	Funding     []media.PodcastLink
	Persons     []media.PodcastPerson
}

// newPodcastView cleans p; nil stays nil.
func newPodcastView(p *media.Podcast) *podcastView {
	if p == nil {
		return nil
	}
	v := &podcastView{Image: absURL(p.Image), Duration: max(p.Duration, 0), Episode: max(p.Episode, 0), Season: max(p.Season, 0),
		EpisodeType: plain(p.EpisodeType), Explicit: plain(p.Explicit), Author: plain(p.Author), Summary: plain(p.Summary)}
	for _, c := range p.Categories {
		if c = plain(c); c != "" {
			v.Categories = append(v.Categories, c)
		}
	}
	clean := func(l media.PodcastLink) (media.PodcastLink, bool) {
		l.URL, l.Type, l.Language, l.Text = absURL(l.URL), plain(l.Type), plain(l.Language), plain(l.Text)
		return l, l.URL != ""
	}
	for _, l := range p.Transcripts {
		if l, ok := clean(l); ok {
			v.Transcripts = append(v.Transcripts, l)
		}
	}
	if p.Chapters != nil {
		if l, ok := clean(*p.Chapters); ok {
			v.Chapters = &l
		}
	}
	for _, l := range p.Funding {
		if l, ok := clean(l); ok {
			v.Funding = append(v.Funding, l)
		}
	}
	for _, pp := range p.Persons {
		pp.Name, pp.Role, pp.Group, pp.Href, pp.Img = plain(pp.Name), plain(pp.Role), plain(pp.Group), absURL(pp.Href), absURL(pp.Img)
		if pp.Name != "" {
			v.Persons = append(v.Persons, pp)
		}
	}
	return v
}

// itunesDuration writes seconds as itunes:duration's HH:MM:SS.
func itunesDuration(s int64) string {
	if s <= 0 {
		return ""
	}
	pad := func(n int64) string {
		if n < 10 {
			return "0" + strconv.FormatInt(n, 10)
		}
		return strconv.FormatInt(n, 10)
	}
	return pad(s/3600) + ":" + pad(s/60%60) + ":" + pad(s%60)
}

// itunesImage is <itunes:image href="…"/>.
type itunesImage struct {
	Href string `xml:"href,attr"`
}

// mediaThumbnail is <media:thumbnail url="…" width height/>.
type mediaThumbnail struct {
	URL    string `xml:"url,attr"`
	Width  int    `xml:"width,attr,omitempty"`
	Height int    `xml:"height,attr,omitempty"`
}

// podcastLinkXML is podcast:transcript, podcast:chapters and
// podcast:funding.
type podcastLinkXML struct {
	URL      string `xml:"url,attr"`
	Type     string `xml:"type,attr,omitempty"`
	Language string `xml:"language,attr,omitempty"`
	Text     string `xml:",chardata"`
}

// podcastPersonXML is podcast:person.
type podcastPersonXML struct {
	Role  string `xml:"role,attr,omitempty"`
	Group string `xml:"group,attr,omitempty"`
	Href  string `xml:"href,attr,omitempty"`
	Img   string `xml:"img,attr,omitempty"`
	Name  string `xml:",chardata"`
}

// episodeXML is the iTunes and podcast elements of an RSS item (and, as
// foreign markup, of an Atom entry) and its media:thumbnail.
type episodeXML struct {
	ITunesImage       *itunesImage       `xml:"itunes:image"`
	ITunesDuration    string             `xml:"itunes:duration,omitempty"`
	ITunesEpisode     int                `xml:"itunes:episode,omitempty"`
	ITunesSeason      int                `xml:"itunes:season,omitempty"`
	ITunesEpisodeType string             `xml:"itunes:episodeType,omitempty"`
	ITunesExplicit    string             `xml:"itunes:explicit,omitempty"`
	ITunesAuthor      string             `xml:"itunes:author,omitempty"`
	ITunesSummary     string             `xml:"itunes:summary,omitempty"`
	Transcripts       []podcastLinkXML   `xml:"podcast:transcript"`
	Chapters          *podcastLinkXML    `xml:"podcast:chapters"`
	Funding           []podcastLinkXML   `xml:"podcast:funding"`
	Persons           []podcastPersonXML `xml:"podcast:person"`
	Thumbnail         *mediaThumbnail    `xml:"media:thumbnail"`
}

// newEpisodeXML maps an entry's podcast data and picture; ok is false when
// it has neither.
func newEpisodeXML(e *entryView) (x episodeXML, ok bool) {
	if e.Image != "" {
		x.Thumbnail = &mediaThumbnail{URL: e.Image, Width: e.ImageWidth, Height: e.ImageHeight}
	}
	p := e.Podcast
	if p == nil {
		return x, x.Thumbnail != nil
	}
	if p.Image != "" {
		x.ITunesImage = &itunesImage{Href: p.Image}
	}
	x.ITunesDuration, x.ITunesEpisode, x.ITunesSeason, x.ITunesEpisodeType = itunesDuration(p.Duration), p.Episode, p.Season, p.EpisodeType
	x.ITunesExplicit, x.ITunesAuthor, x.ITunesSummary = p.Explicit, p.Author, p.Summary
	for _, l := range p.Transcripts {
		x.Transcripts = append(x.Transcripts, podcastLinkXML{URL: l.URL, Type: l.Type, Language: l.Language})
	}
	if c := p.Chapters; c != nil {
		x.Chapters = &podcastLinkXML{URL: c.URL, Type: c.Type}
	}
	for _, l := range p.Funding {
		x.Funding = append(x.Funding, podcastLinkXML{URL: l.URL, Text: l.Text})
	}
	for _, pp := range p.Persons {
		x.Persons = append(x.Persons, podcastPersonXML{Role: pp.Role, Group: pp.Group, Href: pp.Href, Img: pp.Img, Name: pp.Name})
	}
	return x, true
}

// jsonPodcast is the _itunes and _podcast extension objects of a JSON
// Feed item (JSON Feed keeps extensions in objects whose names start with
// an underscore).
type jsonITunes struct {
	Image       string   `json:"image,omitempty"`
	Duration    int64    `json:"duration_in_seconds,omitempty"`
	Episode     int      `json:"episode,omitempty"`
	Season      int      `json:"season,omitempty"`
	EpisodeType string   `json:"episode_type,omitempty"`
	Explicit    string   `json:"explicit,omitempty"`
	Author      string   `json:"author,omitempty"`
	Summary     string   `json:"summary,omitempty"`
	Categories  []string `json:"categories,omitempty"`
}

type jsonPodcast struct {
	Transcripts []media.PodcastLink   `json:"transcripts,omitempty"`
	Chapters    *media.PodcastLink    `json:"chapters,omitempty"`
	Funding     []media.PodcastLink   `json:"funding,omitempty"`
	Persons     []media.PodcastPerson `json:"persons,omitempty"`
}

// jsonPodcastOf maps an episode's data to the two extension objects.
func jsonPodcastOf(p *podcastView) (*jsonITunes, *jsonPodcast) {
	if p == nil {
		return nil, nil
	}
	it := &jsonITunes{Image: p.Image, Duration: p.Duration, Episode: p.Episode, Season: p.Season, EpisodeType: p.EpisodeType,
		Explicit: p.Explicit, Author: p.Author, Summary: p.Summary, Categories: p.Categories}
	var pc *jsonPodcast
	if len(p.Transcripts)+len(p.Funding)+len(p.Persons) > 0 || p.Chapters != nil {
		pc = &jsonPodcast{Transcripts: p.Transcripts, Chapters: p.Chapters, Funding: p.Funding, Persons: p.Persons}
	}
	return it, pc
}
