package aggregator

import (
	"time"

	"github.com/feedloom/feedloom/aggregator/fingerprint"
	"github.com/feedloom/feedloom/aggregator/media"
)

// Person is an author of an item or a feed. Name is plain text.
type Person struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	URI   string `json:"uri,omitempty"`
}

// Enclosure is a media file attached to an item (a podcast episode, an
// image). Length is in bytes; zero when the source did not say.
type Enclosure struct {
	URL    string `json:"url"`
	Type   string `json:"type,omitempty"`
	Length int64  `json:"length,omitempty"`
}

// DateOrigin records where an item's Published time came from, so that a
// date feedloom had to supply is never mistaken for one the source gave.
type DateOrigin uint8

const (
	// DateFromFeed means the source gave a usable date.
	DateFromFeed DateOrigin = iota
	// DateMissing means the source gave no date (or one that did not
	// parse); Published is the time the item was first seen.
	DateMissing
	// DateClamped means the source gave a date too far in the future;
	// Published is the time the item was first seen.
	DateClamped
)

// Item is one normalised entry of one source: plain-text title, sanitised
// HTML, absolute URLs, and a Published time that is always set.
type Item struct {
	// SourceURL is the xmlUrl of the source that carried the item.
	SourceURL string `json:"source"`
	// Identity is the item's identity within its source: "guid:…",
	// "link:…" or "hash:…" (see Identify).
	Identity string `json:"identity"`
	GUID     string `json:"guid,omitempty"`
	// Link is the item's absolute link as published.
	Link string `json:"link,omitempty"`
	// CanonicalURL is Link in canonical form, used to find the same story
	// across sources; empty when the item has no usable link.
	CanonicalURL string      `json:"canonical,omitempty"`
	Title        string      `json:"title,omitempty"`
	Summary      string      `json:"summary,omitempty"`
	Content      string      `json:"content,omitempty"`
	Authors      []Person    `json:"authors,omitempty"`
	Categories   []string    `json:"categories,omitempty"`
	Enclosures   []Enclosure `json:"enclosures,omitempty"`
	Image        string      `json:"image,omitempty"`
	// ImageWidth and ImageHeight are the picture's size in pixels, when
	// the feed or the content says.
	ImageWidth  int        `json:"image_width,omitempty"`
	ImageHeight int        `json:"image_height,omitempty"`
	Language    string     `json:"language,omitempty"`
	Published   time.Time  `json:"published"`
	Updated     time.Time  `json:"updated"`
	DateOrigin  DateOrigin `json:"date_origin,omitempty"`
	// FirstSeen is when feedloom first stored the item; it never changes.
	FirstSeen time.Time `json:"first_seen"`
	// Podcast is the episode's podcast data (iTunes and podcast
	// namespaces); nil for an item that is no episode.
	Podcast *media.Podcast `json:"podcast,omitempty"`
	// Sig is the near-duplicate signature of title and text.
	Sig fingerprint.Signature `json:"sig"`
	// Hash summarises the fields whose change makes the item "updated".
	Hash uint64 `json:"hash,omitempty"`
}
