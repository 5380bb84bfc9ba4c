// Package dump copies a store's content between backends: into a file (a
// logical backup that `feedloom restore` loads into either backend) and
// straight from one store to another (`feedloom migrate`). It reads and
// writes through the story core's transaction interface (fold.Tx) and a
// few methods more, so every backend that folds stories can be copied.
//
// A copy renumbers stories and items in their original order and keeps
// everything an output shows (items, story membership and order, output
// keys, topic membership, source states) and everything later folding
// relies on (identity keys, canonical URLs, near-duplicate entries and
// signatures, each source's current document), so the outputs published
// from a copy are byte for byte those of the original.
package dump

import (
	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
)

// ReadTx is one consistent read transaction of the store being copied.
type ReadTx interface {
	fold.Tx
	// Stories calls fn with every story id, in ascending order.
	Stories(fn func(fold.StoryID) error) error
	// States calls fn with every source's state.
	States(fn func(*aggregator.SourceState) error) error
	// Currents calls fn with every source's current document's stories.
	Currents(fn func(aggregator.SourceID, []fold.StoryID) error) error
	// BuiltTopics lists the topics whose membership has been built.
	BuiltTopics() ([]aggregator.TopicKey, error)
	// Generation is the store's change counter.
	Generation() (uint64, error)
}

// WriteTx is the write transaction that receives a copy.
type WriteTx interface {
	fold.Tx
	MarkTopicBuilt(aggregator.TopicKey) error
	SetGeneration(uint64) error
}

// Format names the dump format in its first line; Version changes when a
// dump written by this build could not be read by an older one.
const (
	Format  = "feedloom-dump"
	Version = 1
)

// Header is a dump's first record.
type Header struct {
	Format      string                `json:"format"`
	Version     int                   `json:"version"`
	Generation  uint64                `json:"generation"`
	BuiltTopics []aggregator.TopicKey `json:"built_topics,omitempty"`
}

// Story is one story with its items, in the story's member order.
type Story struct {
	ID    fold.StoryID `json:"id"`
	Story fold.Story   `json:"story"`
	Items []Item       `json:"items"`
	// URLs are the canonical URLs under which the story is filed.
	URLs []string `json:"urls,omitempty"`
}

// Item is one stored item and the index entries that name it.
type Item struct {
	Seq    uint64          `json:"seq"`
	Record fold.ItemRecord `json:"record"`
	// Sig is true when the item has a near-duplicate signature on file
	// (its record's Item.Sig, under SigSource).
	Sig       bool                `json:"sig,omitempty"`
	SigSource aggregator.SourceID `json:"sig_source,omitempty"`
	// Idents are the identity keys that name the item; Near the
	// near-duplicate keys under which it is the story's entry.
	Idents []string `json:"idents,omitempty"`
	Near   []uint64 `json:"near,omitempty"`
}

// Current is the stories of one source's last parsed document.
type Current struct {
	Source  aggregator.SourceID `json:"source"`
	Stories []fold.StoryID      `json:"stories"`
}

// End is a dump's last record: how many records came before it, so that a
// dump cut short at a line boundary is refused, not loaded in part.
type End struct {
	Sources  int `json:"sources"`
	Stories  int `json:"stories"`
	Currents int `json:"currents"`
}

// Record is one line of a dump: exactly one field is set.
type Record struct {
	Header  *Header                 `json:"header,omitempty"`
	Source  *aggregator.SourceState `json:"source,omitempty"`
	Story   *Story                  `json:"story,omitempty"`
	Current *Current                `json:"current,omitempty"`
	End     *End                    `json:"end,omitempty"`
}
