package aggregator

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/feedloom/feedloom/aggregator/canon"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
	"github.com/feedloom/feedloom/aggregator/media"
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

// Normalised is a document's metadata and items.
type Normalised struct {
	Meta  FeedMeta
	Items []Item
	// Warnings says what the document lost to the bounds in limits.go
	// (items beyond MaxDocumentItems, titles cut, ...); nil for a normal feed.
	Warnings []string
	// Generation and Digests are what the source's next poll needs to
	// carry this document's unchanged items by identity only (see
	// SourceState.Generation). They are bookkeeping, not content: the
	// golden files leave them out.
	Generation uint64  `json:"-"`
	Digests    Digests `json:"-"`
	// later holds, for each item carried by identity only, how to
	// normalise it in full; nil for the items normalised in full.
	later []func() Item
}

// Normalise converts doc, fetched from feedURL for source src, at time now.
func (n *Normaliser) Normalise(src *Source, doc *gofeed.Feed, feedURL string, now time.Time) *Normalised {
	return n.NormaliseSince(src, doc, feedURL, now, 0, nil)
}

// NormaliseSince is Normalise for a source whose last parsed document left
// prev (nil for none): an item unchanged since then, under the same
// generation, is not normalised again but carried by identity only (see
// reuse.go). extra is the caller's share of the generation: a hash of the
// topics that read the source's items.
func (n *Normaliser) NormaliseSince(src *Source, doc *gofeed.Feed, feedURL string, now time.Time, extra uint64, prev *SourceState) *Normalised {
	now = now.UTC()
	feedBase, _ := url.Parse(feedURL)
	cut := cuts{}
	meta := FeedMeta{
		Title:   boundTitle(sanitize.Text(doc.Title), cut),
		SiteURL: sanitize.URL(doc.Link, feedBase),
		// The self link is republished as the source's id: vetted like
		// every other URL, so a "javascript:" self link cannot pass.
		FeedID:   boundURL(sanitize.URL(strings.TrimSpace(doc.FeedLink), feedBase), cut),
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
	docItems := doc.Items
	if len(docItems) > MaxDocumentItems {
		cut[fmt.Sprintf("the document has %d items; only the first %d were read", len(docItems), MaxDocumentItems)]++
		docItems = docItems[:MaxDocumentItems]
	}
	// The source's own limit (maxItems on its outline) is the user's
	// choice, not a loss: no warning.
	if src.MaxItems > 0 && len(docItems) > src.MaxItems {
		docItems = docItems[:src.MaxItems]
	}
	out.Generation = generation(src, doc, feedURL, extra)
	docItems = slices.DeleteFunc(slices.Clone(docItems), func(gi *gofeed.Item) bool { return gi == nil })
	known, keys := n.identities(src, docItems, siteBase, meta.Language, now)
	reuse := prev != nil && prev.Generation == out.Generation
	for i, gi := range docItems {
		if reuse && reusable(&known[i], keys[i], prev.Digests) {
			out.Items = append(out.Items, known[i])
			out.later = append(out.later, func() Item { return n.item(src, doc, gi, siteBase, meta.Language, now, cuts{}) })
			out.Digests = append(out.Digests, keys[i])
			continue
		}
		notes := cut.total()
		it := n.item(src, doc, gi, siteBase, meta.Language, now, cut)
		out.Items = append(out.Items, it)
		out.later = append(out.later, nil)
		if cut.total() == notes {
			// An item that lost nothing to the bounds: reusing it
			// later loses no warning.
			out.Digests = append(out.Digests, keys[i])
		}
	}
	Identify(out.Items)
	slices.Sort(out.Digests)
	out.Digests = slices.Compact(out.Digests)
	out.Warnings = cut.warnings()
	return out
}

func (n *Normaliser) item(src *Source, doc *gofeed.Feed, gi *gofeed.Item, base *url.URL, lang string, now time.Time, cut cuts) Item {
	it := itemIdentity(src, gi, base, lang, cut)
	// Relative URLs inside the item resolve against its own link first.
	itemBase := base
	if it.Link != "" {
		if u, err := url.Parse(it.Link); err == nil {
			itemBase = u
		}
	}
	it.Title = boundTitle(sanitize.Text(gi.Title), cut)
	it.Summary = n.boundHTML(gi.Description, itemBase, cut)
	it.Content = n.boundHTML(gi.Content, itemBase, cut)
	if it.Summary == it.Content {
		it.Summary = ""
	}
	for _, p := range gi.Authors {
		if p == nil {
			continue
		}
		name := boundText(sanitize.Text(p.Name), MaxNameRunes, "author names", cut)
		email := boundText(sanitize.Text(strings.TrimSpace(p.Email)), MaxNameRunes, "author e-mail addresses", cut)
		if name == "" && email == "" {
			continue
		}
		if len(it.Authors) == MaxAuthors {
			cut.note(fmt.Sprintf("authors beyond %d per item dropped", MaxAuthors))
			continue
		}
		it.Authors = append(it.Authors, Person{Name: name, Email: email})
	}
	seenCat := map[string]bool{}
	for _, c := range gi.Categories {
		c = boundText(sanitize.Text(c), MaxCategoryRunes, "categories", cut)
		if c == "" || seenCat[c] {
			continue
		}
		if len(it.Categories) == MaxCategories {
			cut.note(fmt.Sprintf("categories beyond %d per item dropped", MaxCategories))
			continue
		}
		seenCat[c] = true
		it.Categories = append(it.Categories, c)
	}
	for _, e := range gi.Enclosures {
		if e == nil {
			continue
		}
		u := boundURL(sanitize.URL(strings.TrimSpace(e.URL), itemBase), cut)
		if u == "" {
			continue
		}
		if len(it.Enclosures) == MaxEnclosures {
			cut.note(fmt.Sprintf("enclosures beyond %d per item dropped", MaxEnclosures))
			continue
		}
		length, _ := strconv.ParseInt(strings.TrimSpace(e.Length), 10, 64)
		it.Enclosures = append(it.Enclosures, Enclosure{URL: u, Type: boundText(strings.TrimSpace(e.Type), MaxNameRunes, "enclosure types", cut), Length: max(length, 0)})
	}
	if gi.Image != nil {
		it.Image = boundURL(sanitize.URL(strings.TrimSpace(gi.Image.URL), itemBase), cut)
	}
	it.Podcast = media.PodcastOf(doc, gi, itemBase, n.clean(cut))
	setDates(&it, gi, now)
	if it.Link != "" {
		if c, err := canon.URL(it.Link); err == nil {
			it.CanonicalURL = c
		}
	}
	it.Sig = fingerprint.Of(it.Title, fingerprintText(&it))
	it.Hash = contentHash(&it)
	// A picture found in the content or the media extensions is derived
	// from what the hash covers already: finding one where none was found
	// before is no change to the item.
	if it.Image == "" {
		it.Image, it.ImageWidth, it.ImageHeight = media.ImageOf(gi, []string{it.Content, it.Summary}, itemBase, n.clean(cut))
	}
	return it
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

// hashBuffers holds contentHash's buffers, which never leave it.
var hashBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// contentHash covers what makes an item "changed" for readers. A date the
// source did not give is left out, so re-seeing an undated item is not a
// change.
func contentHash(it *Item) uint64 {
	// One buffer, hashed at once, gives the digest of writing each field
	// to a hash in turn, without a copy of every field for its Write.
	bp := hashBuffers.Get().(*[]byte)
	buf := (*bp)[:0]
	defer func() {
		if cap(buf) <= 256<<10 { // a huge body's buffer is not kept
			*bp = buf
			hashBuffers.Put(bp)
		}
	}()
	w := func(s string) { buf = append(append(buf, s...), 0) }
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
	if p := it.Podcast; p != nil { // only episodes: other items hash as before
		b, _ := json.Marshal(p)
		buf = append(buf, b...)
	}
	sum := sha256.Sum256(buf)
	return binary.BigEndian.Uint64(sum[:8])
}

// fingerprintHTML bounds the HTML fingerprintText reads: a fingerprint
// looks at the first few kilobytes of text (the lede and the first names),
// so converting a long article whole would be wasted work.
const fingerprintHTML = 16 << 10

// fingerprintText is the start of an item's summary and content as plain
// text, as its near-duplicate fingerprint reads it.
func fingerprintText(it *Item) string {
	content := it.Content
	if len(content) > fingerprintHTML {
		content = content[:fingerprintHTML]
	}
	return strings.TrimSpace(sanitize.CleanText(it.Summary) + " " + sanitize.CleanText(content))
}

// clean is how media reads a feed's values: sanitised and within the
// document bounds, each cut noted in cut.
func (n *Normaliser) clean(cut cuts) media.Clean {
	return media.Clean{
		Text: func(s string, runes int) string { return boundText(sanitize.Text(s), runes, "podcast fields", cut) },
		URL:  func(s string, base *url.URL) string { return boundURL(sanitize.URL(s, base), cut) },
	}
}
