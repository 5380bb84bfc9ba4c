package fold

import (
	"encoding/binary"
	"time"

	"crypto/sha256"

	"github.com/feedloom/feedloom/aggregator"
)

// StoryID names a story inside a store. Readers never see it: they see the
// story's output key (Story.OutputKey).
type StoryID uint64

// ItemRecord is an item as stored, with the story it belongs to and the
// topics it matched (so an update can withdraw a topic it no longer
// matches).
type ItemRecord struct {
	Item   aggregator.Item       `json:"item"`
	Story  StoryID               `json:"story"`
	Topics []aggregator.TopicKey `json:"topics,omitempty"`
	// Near holds the near-duplicate keys the item was filed under, so an
	// update or a prune removes exactly those (they cannot be recomputed
	// once the fingerprint version changes).
	Near []uint64 `json:"near,omitempty"`
}

// Member is one item of a story: its source and sequence number.
type Member struct {
	Source aggregator.SourceID `json:"src"`
	Seq    uint64              `json:"seq"`
}

// Story is one story: the items that carry it, first-seen first.
type Story struct {
	// Time is the story's fixed position (TimeKey of its first item's
	// date); every index entry of the story uses it.
	Time    uint64    `json:"time"`
	Updated time.Time `json:"updated"`
	Members []Member  `json:"members"`
	// Key is the story's output key (see OutputKey); zero for stories
	// whose id is that key already (bbolt stores made before schema 4).
	Key uint64 `json:"key,omitempty"`
}

// OutputKey is what the story's output id derives from.
func (s *Story) OutputKey(id StoryID) uint64 {
	if s.Key != 0 {
		return s.Key
	}
	return uint64(id)
}

// HasSource reports whether src carries the story.
func (s *Story) HasSource(src aggregator.SourceID) bool {
	for _, m := range s.Members {
		if m.Source == src {
			return true
		}
	}
	return false
}

// TimeKey encodes t so that unsigned order is time order, including times
// before 1970: the sign bit of the nanosecond count is flipped.
func TimeKey(t time.Time) uint64 { return uint64(t.UnixNano()) ^ (1 << 63) }

// TimeOf is the time a TimeKey encodes, in UTC.
func TimeOf(k uint64) time.Time { return time.Unix(0, int64(k^(1<<63))).UTC() }

// OutputKey is a story's identity for readers, hashed from its first
// item's source and identity: the same history gives the same output ids,
// even in a store rebuilt from scratch or moved to another backend, so
// readers never mistake a new story for one they saw before.
func OutputKey(src aggregator.SourceID, identity string) uint64 {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(src))
	h := sha256.Sum256(append(b[:], identity...))
	return binary.BigEndian.Uint64(h[:8])
}

// Ident is what an identity key of a source points at: the item's sequence
// number, and a hash of its link (LinkHash), so a GUID seen again under
// another link is noticed without reading the stored item.
type Ident struct {
	Seq  uint64
	Link uint64
}

// LinkHash is a hash of an item's link key, never 0 for an item with a
// link and 0 for one without.
func LinkHash(it *aggregator.Item) uint64 {
	l := aggregator.LinkKey(it)
	if l == "" {
		return 0
	}
	h := sha256.Sum256([]byte(l))
	return max(binary.BigEndian.Uint64(h[:8]), 1)
}
