package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/gorilla/feeds"

	"github.com/feedloom/feedloom/aggregator"
)

// jsonFeedVersion is the version URL of JSON Feed 1.1.
const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

// jsonFeed extends gorilla's JSON Feed with items of the extended kind, and
// keeps "items" present when empty, as the spec requires.
type jsonFeed struct {
	feeds.JSONFeed
	Items []*jsonItem `json:"items"`
}

// jsonItem extends gorilla's item with a language, attachments in the 1.1
// shape (size_in_bytes), the _feedloom extension, and a content_html that
// is always present (an item needs content_html or content_text).
type jsonItem struct {
	feeds.JSONItem
	ContentHTML string           `json:"content_html"`
	Language    string           `json:"language,omitempty"`
	Attachments []jsonAttachment `json:"attachments,omitempty"`
	Feedloom    *jsonExtension   `json:"_feedloom,omitempty"`
	ITunes      *jsonITunes      `json:"_itunes,omitempty"`
	Podcast     *jsonPodcast     `json:"_podcast,omitempty"`
}

// jsonAttachment is a JSON Feed 1.1 attachment.
type jsonAttachment struct {
	URL      string `json:"url"`
	MIMEType string `json:"mime_type"`
	Size     int64  `json:"size_in_bytes,omitempty"`
	Duration int64  `json:"duration_in_seconds,omitempty"`
}

// jsonExtension is the _feedloom object of an item: the source that
// carried the story, and every other source that carried it too.
type jsonExtension struct {
	Source jsonSource   `json:"source"`
	Via    []jsonSource `json:"via,omitempty"`
}

// jsonSource credits one source: its feed URL, title, site and the story's
// link there.
type jsonSource struct {
	URL     string `json:"url,omitempty"`
	Title   string `json:"title,omitempty"`
	SiteURL string `json:"home_page_url,omitempty"`
	Link    string `json:"link,omitempty"`
}

// RenderJSON renders f as a JSON Feed 1.1 document. content_html is the
// content (else the summary); summary is the summary as plain text when
// both exist; dates are RFC 3339 in UTC.
func RenderJSON(f *aggregator.Feed, o Options) ([]byte, error) {
	v, err := prepare(f, o)
	if err != nil {
		return nil, err
	}
	return renderJSON(v)
}

// renderJSON renders a prepared feed.
func renderJSON(v *feedView) ([]byte, error) {
	return renderOne(v, newJSONWriter)
}

// jsonShell is the JSON Feed document of v without its items: what comes
// before and after them.
func jsonShell(v *feedView) (head, tail []byte, err error) {
	feed := &jsonFeed{
		JSONFeed: feeds.JSONFeed{
			Version:     jsonFeedVersion,
			Title:       v.Title,
			Language:    v.Language,
			HomePageUrl: v.PageURL,
			FeedUrl:     v.JSONURL,
			Description: v.Description,
			UserComment: jsonComment(v.Generator),
		},
		Items: []*jsonItem{},
	}
	if v.Owner != nil {
		feed.Authors = []*feeds.JSONAuthor{jsonAuthor(*v.Owner)}
	}
	if v.Hub != "" {
		feed.Hubs = []*feeds.JSONHub{{Type: "WebSub", Url: v.Hub}}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(feed); err != nil {
		return nil, nil, err
	}
	// "items" is the last member; the head ends with its opening bracket.
	head, _, err = splitShell(b.Bytes(), "]\n}\n")
	return head, []byte("\n  ]\n}\n"), err
}

// newJSONItem maps one entry to a JSON Feed item.
func newJSONItem(e *entryView) *jsonItem {
	it := &jsonItem{
		JSONItem: feeds.JSONItem{
			Id:            e.ID,
			Url:           e.Link,
			Title:         e.Title,
			Image:         e.Image,
			PublishedDate: jsonDate(e.Published),
			ModifiedDate:  jsonDate(e.Updated),
			Tags:          e.Categories,
		},
		ContentHTML: e.Body(),
		Language:    e.Language,
		Feedloom:    &jsonExtension{Source: jsonSourceOf(e.Source)},
	}
	if e.Content != "" && e.Summary != "" {
		it.Summary = textOf(e.Summary)
	}
	for _, a := range e.Authors {
		it.Authors = append(it.Authors, jsonAuthor(a))
	}
	it.ITunes, it.Podcast = jsonPodcastOf(e.Podcast)
	for _, enc := range e.Enclosures {
		a := jsonAttachment{URL: enc.URL, MIMEType: enc.Type, Size: enc.Length}
		if e.Podcast != nil && isPlayable(enc.Type) {
			a.Duration = e.Podcast.Duration
		}
		it.Attachments = append(it.Attachments, a)
	}
	for _, s := range e.Via {
		it.Feedloom.Via = append(it.Feedloom.Via, jsonSourceOf(s))
	}
	return it
}

// jsonSourceOf maps a source credit.
func jsonSourceOf(s sourceView) jsonSource {
	return jsonSource{URL: s.URL, Title: s.Title, SiteURL: s.SiteURL, Link: s.Link}
}

// jsonAuthor maps a person; JSON Feed authors have no email, so an email
// becomes a mailto: URL when there is no other.
func jsonAuthor(p person) *feeds.JSONAuthor {
	a := &feeds.JSONAuthor{Name: p.Name, Url: p.URI}
	if a.Url == "" && p.Email != "" {
		a.Url = "mailto:" + p.Email
	}
	return a
}

// jsonDate returns a pointer to t for gorilla's date fields, nil for the
// zero time; t is already UTC to the second, so it encodes as
// "2006-01-02T15:04:05Z".
func jsonDate(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// jsonComment is the feed's user_comment: who made it, for people reading
// the raw JSON.
func jsonComment(generator string) string {
	if generator == "" {
		return ""
	}
	return "Generated by " + generator + "."
}

// isPlayable reports whether a media type is audio or video: what an
// episode's duration is the length of.
func isPlayable(t string) bool {
	return strings.HasPrefix(t, "audio/") || strings.HasPrefix(t, "video/")
}
