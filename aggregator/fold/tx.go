package fold

import (
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
)

// Tx is one store transaction as the story core sees it. A getter returns
// nil (or false) for what is not stored; every error is the store's and
// ends the transaction.
//
// The index methods name each entry by what it is, not by how a backend
// lays it out: t is always the story's Time.
type Tx interface {
	// State and PutState read and write a source's state.
	State(url string) (*aggregator.SourceState, error)
	PutState(st *aggregator.SourceState) error

	// Item, PutItem and NewItemSeq read, write and number items.
	Item(seq uint64) (*ItemRecord, error)
	PutItem(seq uint64, rec *ItemRecord) error
	NewItemSeq() (uint64, error)

	// Story, PutStory and NewStory read, write and number stories. A new
	// story is filed in the time index under t.
	Story(id StoryID) (*Story, error)
	PutStory(id StoryID, s *Story) error
	NewStory(t uint64) (StoryID, error)

	// Ident, FileIdent and UnfileIdent read, write and delete the identity
	// index of a source.
	Ident(src aggregator.SourceID, identity string) (Ident, bool, error)
	FileIdent(src aggregator.SourceID, identity string, v Ident) error
	UnfileIdent(src aggregator.SourceID, identity string) error

	// StoryByURL finds the story filed under a canonical URL; FileURL
	// files one there unless another story holds the URL already.
	StoryByURL(canonical string) (StoryID, bool, error)
	FileURL(canonical string, id StoryID) error

	// NearCandidates calls fn with the stories filed under near-duplicate
	// key k whose time is within [lo, hi], and the item that filed each,
	// at most limit of them; fn returns false to stop.
	NearCandidates(k, lo, hi uint64, limit int, fn func(id StoryID, seq uint64) (bool, error)) error
	FileNear(k, t uint64, id StoryID, seq uint64) error
	UnfileNear(k, t uint64, id StoryID) error

	// Signature is the source and near-duplicate signature stored for item
	// seq (zero values when there is none: the zero signature matches
	// nothing); PutSignature stores them.
	Signature(seq uint64) (aggregator.SourceID, fingerprint.Signature, error)
	PutSignature(seq uint64, src aggregator.SourceID, sig *fingerprint.Signature) error

	// FileSource files story id among source src's stories.
	FileSource(src aggregator.SourceID, t uint64, id StoryID) error
	// FileTopic and UnfileTopic add and remove story id in topic k.
	FileTopic(k aggregator.TopicKey, t uint64, id StoryID) error
	UnfileTopic(k aggregator.TopicKey, t uint64, id StoryID) error

	// PutCurrent records the stories of source src's last parsed
	// document (sorted, without repeats), which a prune keeps.
	PutCurrent(src aggregator.SourceID, ids []StoryID) error
}

// NearDup decides cross-source near-duplicates: items are filed under its
// keys, and it says whether a new item joins a candidate story.
type NearDup interface {
	// Keys are the keys an item is filed under; LookupKeys those under
	// which its candidates are looked for.
	Keys(it *aggregator.Item) []uint64
	LookupKeys(it *aggregator.Item) []uint64
	// Same reports whether it and the item with signature sig are one
	// article (a pairwise test, cheap enough for every candidate).
	Same(it *aggregator.Item, sig fingerprint.Signature) bool
	// Joins reports whether it is the same article as the story whose
	// items (from other sources) have the given signatures.
	Joins(it *aggregator.Item, members []fingerprint.Signature) bool
}

// Options are the folding rules' settings.
type Options struct {
	// NearDup, when set, folds near-duplicate items of different sources
	// into one story within Window of each other; nil turns
	// near-duplicate folding off (canonical URLs still merge).
	NearDup NearDup
	Window  time.Duration
	// Now is the time of the commit: an item's first-seen time, and the
	// update time of an item changed without a newer date of its own.
	Now time.Time
}

// MaxNearCandidates bounds the candidates examined under one key, so a key
// that many items share (boilerplate ledes, a generic headline) costs a
// constant per item instead of growing with the store.
const MaxNearCandidates = 64
