//go:build pending

package aggregator

import (
	"crypto/sha256"
	"encoding/binary"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/feedloom/feedloom/aggregator/canon"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
	"github.com/feedloom/feedloom/aggregator/query"
	"github.com/feedloom/feedloom/aggregator/sanitize"
	"github.com/mmcdole/gofeed"
)

// FutureTolerance is how far in the future an item's date may lie before
// it is treated as wrong and replaced by the time it was first seen. Clocks
// and time zones of publishers are often a little off; hours off is a bug.
const FutureTolerance = 15 * time.Minute

// Normaliser turns parsed documents into Items: plain-text titles,
// sanitised HTML with absolute URLs, dates that are always set, canonical
// links and fingerprints. It is safe for concurrent use.
type Normaliser struct {
	policy *sanitize.Policy
}

// NewNormaliser builds the sanitising policy once.
func NewNormaliser() *Normaliser { return &Normaliser{policy: sanitize.New()} }

// FeedMeta is what a document says about its source.
type FeedMeta struct {
	Title, SiteURL, FeedID, Language string
}

// Normalised is a document's items with the text that topic matching and
// fingerprints read, computed once.
type Normalised struct {
	Meta  FeedMeta
	Items []Item
	// Text[i] is Items[i]'s summary and content as plain text.
	Text []string
}

// Normalise converts doc, fetched from feedURL for source src, at time now.
func (n *Normaliser) Normalise(src *Source, doc *gofeed.Feed, feedURL string, now time.Time) *Normalised {
	now = now.UTC()
	feedBase, _ := url.Parse(feedURL)
	meta := FeedMeta{
		Title:    n.policy.Text(doc.Title),
		SiteURL:  sanitize.URL(doc.Link, feedBase),
		FeedID:   strings.TrimSpace(doc.FeedLink),
		Language: strings.TrimSpace(doc.Language),
	}
	if meta.FeedID == "" {
		meta.FeedID = feedURL
	}
	siteBase := feedBase
	if meta.SiteURL != "" {
		siteBase, _ = url.Parse(meta.SiteURL)
	}
	out := &Normalised{Meta: meta}
	for _, gi := range doc.Items {
		if gi == nil {
			continue
		}
		it, text := n.item(src, gi, siteBase, meta.Language, now)
		out.Items = append(out.Items, it)
		out.Text = append(out.Text, text)
	}
	Identify(out.Items)
	return out
}

func (n *Normaliser) item(src *Source, gi *gofeed.Item, base *url.URL, lang string, now time.Time) (Item, string) {
	it := Item{SourceURL: src.URL, GUID: strings.TrimSpace(gi.GUID), Language: lang}
	it.Link = sanitize.URL(strings.TrimSpace(gi.Link), base)
	if it.Link == "" {
		for _, l := range gi.Links {
			if it.Link = sanitize.URL(strings.TrimSpace(l), base); it.Link != "" {
				break
			}
		}
	}
	// Relative URLs inside the item resolve against its own link first.
	itemBase := base
	if it.Link != "" {
		if u, err := url.Parse(it.Link); err == nil {
			itemBase = u
		}
	}
	it.Title = n.policy.Text(gi.Title)
	it.Summary = n.policy.HTML(gi.Description, itemBase)
	it.Content = n.policy.HTML(gi.Content, itemBase)
	if it.Summary == it.Content {
		it.Summary = ""
	}
	for _, p := range gi.Authors {
		if p == nil {
			continue
		}
		name := n.policy.Text(p.Name)
		email := strings.TrimSpace(p.Email)
		if name == "" && email == "" {
			continue
		}
		it.Authors = append(it.Authors, Person{Name: name, Email: n.policy.Text(email)})
	}
	seenCat := map[string]bool{}
	for _, c := range gi.Categories {
		if c = n.policy.Text(c); c != "" && !seenCat[c] {
			seenCat[c] = true
			it.Categories = append(it.Categories, c)
		}
	}
	for _, e := range gi.Enclosures {
		if e == nil {
			continue
		}
		u := sanitize.URL(strings.TrimSpace(e.URL), itemBase)
		if u == "" {
			continue
		}
		length, _ := strconv.ParseInt(strings.TrimSpace(e.Length), 10, 64)
		it.Enclosures = append(it.Enclosures, Enclosure{URL: u, Type: strings.TrimSpace(e.Type), Length: max(length, 0)})
	}
	if gi.Image != nil {
		it.Image = sanitize.URL(strings.TrimSpace(gi.Image.URL), itemBase)
	}
	setDates(&it, gi, now)
	if it.Link != "" {
		if c, err := canon.URL(it.Link); err == nil {
			it.CanonicalURL = c
		}
	}
	text := n.TextOf(&it)
	it.Sig = fingerprint.Of(it.Title, text)
	it.Hash = contentHash(&it)
	return it, text
}

// setDates fills Published and Updated. A missing date becomes the time
// the item is first seen; a date too far in the future is clamped to it.
// The store keeps the first such date, so it is never invented twice.
func setDates(it *Item, gi *gofeed.Item, now time.Time) {
	var pub, upd time.Time
	if gi.PublishedParsed != nil {
		pub = gi.PublishedParsed.UTC()
	}
	if gi.UpdatedParsed != nil {
		upd = gi.UpdatedParsed.UTC()
	}
	if pub.IsZero() {
		pub = upd
	}
	switch {
	case pub.IsZero() || pub.Year() < 1970:
		it.Published, it.DateOrigin = now, DateMissing
	case pub.After(now.Add(FutureTolerance)):
		it.Published, it.DateOrigin = now, DateClamped
	default:
		it.Published = pub
	}
	if upd.After(now.Add(FutureTolerance)) || upd.Before(it.Published) {
		upd = it.Published
	}
	it.Updated = upd
}

// contentHash covers what makes an item "changed" for readers. A date the
// source did not give is left out, so re-seeing an undated item is not a
// change.
func contentHash(it *Item) uint64 {
	h := sha256.New()
	w := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	w(it.Title)
	w(it.Link)
	w(it.Summary)
	w(it.Content)
	if it.DateOrigin == DateFromFeed {
		w(it.Published.Format(time.RFC3339Nano))
	}
	for _, a := range it.Authors {
		w(a.Name)
		w(a.Email)
	}
	for _, c := range it.Categories {
		w(c)
	}
	for _, e := range it.Enclosures {
		w(e.URL)
		w(e.Type)
		w(strconv.FormatInt(e.Length, 10))
	}
	w(it.Image)
	return binary.BigEndian.Uint64(h.Sum(nil)[:8])
}

// TextOf is an item's summary and content as plain text, as topic queries
// and fingerprints read it.
func (n *Normaliser) TextOf(it *Item) string {
	return strings.TrimSpace(n.policy.Text(it.Summary) + " " + n.policy.Text(it.Content))
}

func preparedOf(src *Source, it *Item, n *Normaliser) *query.Prepared {
	return query.Prepare(DocOf(src, it, n.TextOf(it)))
}
