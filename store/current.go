package store

import (
	"encoding/binary"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
)

// The current bucket remembers, per source, the stories of the last
// document parsed from it:
//
//	source id (8) → story ids (8 each, sorted)
//
// Pruning never removes them: an item still listed by its feed would
// otherwise come back as new on the next poll, and again after every
// prune.

// PutCurrent records the stories of source src's last parsed document.
func (w *writer) PutCurrent(src aggregator.SourceID, sids []fold.StoryID) error {
	b := make([]byte, 8*len(sids))
	for i, s := range sids {
		binary.BigEndian.PutUint64(b[8*i:], uint64(s))
	}
	return w.current.Put(u64(uint64(src)), b)
}

// decodeCurrent returns the story ids of a current value.
func decodeCurrent(v []byte) []fold.StoryID {
	out := make([]fold.StoryID, len(v)/8)
	for i := range out {
		out[i] = fold.StoryID(be64(v[8*i:]))
	}
	return out
}
