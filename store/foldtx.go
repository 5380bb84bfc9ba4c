package store

import (
	"encoding/binary"
	"slices"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
	"github.com/feedloom/feedloom/aggregator/fold"
	bolt "go.etcd.io/bbolt"
)

// trimEvery is how many identity look-ups (two to four per item) the
// writer makes between two checks of the mapping's resident size (see
// trimMapping). Checking every 16 measured no better: the overshoot
// between checks is not what costs, the refaults after a release are.
const trimEvery = 96

// writer is one write transaction's buckets, as the story core (package
// fold) and the maintenance in this package use them.
type writer struct {
	db                                          *DB
	tx                                          *bolt.Tx
	items, stories, ident, urls, near, bySource *bolt.Bucket
	byTime, topics, current, sigs, sources      *bolt.Bucket
	lookups                                     int
	nearBuf                                     []nearEntry
	// direct files index entries in their places, never in the fresh
	// tails (a load): near-duplicate keys in their spans (nearkey.go),
	// time and URL entries in their indexes (tails.go).
	direct bool
}

var _ fold.Remover = (*writer)(nil)

func newWriter(tx *bolt.Tx, db *DB) *writer {
	w := &writer{
		db:       db,
		tx:       tx,
		items:    tx.Bucket(bucketItems),
		stories:  tx.Bucket(bucketStories),
		ident:    tx.Bucket(bucketIdent),
		urls:     tx.Bucket(bucketURLs),
		near:     tx.Bucket(bucketNear),
		bySource: tx.Bucket(bucketBySource),
		byTime:   tx.Bucket(bucketByTime),
		topics:   tx.Bucket(bucketTopics),
		sigs:     tx.Bucket(bucketSigs),
		current:  tx.Bucket(bucketCurrent),
		sources:  tx.Bucket(bucketSources),
	}
	// Items get ever-growing sequence keys and most stories arrive in time
	// order: pack those pages full instead of splitting them in half.
	w.items.FillPercent = 0.9
	w.stories.FillPercent = 0.9
	w.sigs.FillPercent = 0.9
	w.byTime.FillPercent = 0.9
	return w
}

// foldOptions are the story core's settings for a commit at now.
func (db *DB) foldOptions(now time.Time) fold.Options {
	return fold.Options{NearDup: db.opts.NearDup, Window: db.opts.Window, Now: now.UTC()}
}

func (w *writer) State(url string) (*aggregator.SourceState, error) { return getState(w.db, w.tx, url) }

func (w *writer) PutState(st *aggregator.SourceState) error { return putState(w.db, w.tx, st) }

func (w *writer) Item(seq uint64) (*fold.ItemRecord, error) {
	v := w.items.Get(u64(seq))
	if v == nil {
		return nil, nil
	}
	return decode[fold.ItemRecord](u64(seq), v, "item")
}

var _ fold.ItemStories = (*writer)(nil)

// ItemStory reads the story of item seq from its record without decoding
// the item (see storyField).
func (w *writer) ItemStory(seq uint64) (fold.StoryID, bool, error) {
	v := w.items.Get(u64(seq))
	if v == nil {
		return 0, false, nil
	}
	if id, ok := storyField(u64(seq), v); ok {
		return id, true, nil
	}
	rec, err := decode[fold.ItemRecord](u64(seq), v, "item")
	if err != nil {
		return 0, false, err
	}
	return rec.Story, true, nil
}

func (w *writer) PutItem(seq uint64, rec *fold.ItemRecord) error {
	v, err := encode(u64(seq), rec)
	if err != nil {
		return err
	}
	return w.items.Put(u64(seq), v)
}

func (w *writer) NewItemSeq() (uint64, error) { return w.items.NextSequence() }

func (w *writer) Story(id fold.StoryID) (*fold.Story, error) {
	v := w.stories.Get(u64(uint64(id)))
	if v == nil {
		return nil, nil
	}
	return decode[fold.Story](u64(uint64(id)), v, "story")
}

func (w *writer) PutStory(id fold.StoryID, s *fold.Story) error {
	v, err := encode(u64(uint64(id)), s)
	if err != nil {
		return err
	}
	return w.stories.Put(u64(uint64(id)), v)
}

// NewStory takes the stories bucket's next sequence number, skipping any
// that an older, hashed story id happens to hold, and files the story in
// the time index.
func (w *writer) NewStory(t uint64) (fold.StoryID, error) {
	for {
		seq, err := w.stories.NextSequence()
		if err != nil {
			return 0, err
		}
		if w.stories.Get(u64(seq)) == nil {
			id := fold.StoryID(seq)
			return id, w.fileTime(t, id)
		}
	}
}

// The ident bucket maps source id (8) + identity hash (8) to item seq (8)
// + link hash (8); values of 8 bytes (older stores) have no link hash.

func (w *writer) Ident(src aggregator.SourceID, identity string) (fold.Ident, bool, error) {
	if w.lookups++; w.lookups%trimEvery == 0 {
		w.db.trimMapping(w.tx)
	}
	v := w.ident.Get(identKey(src, identity))
	if v == nil {
		return fold.Ident{}, false, nil
	}
	id := fold.Ident{Seq: be64(v)}
	if len(v) >= 16 {
		id.Link = be64(v[8:])
	}
	return id, true, nil
}

func (w *writer) FileIdent(src aggregator.SourceID, identity string, id fold.Ident) error {
	var b [16]byte
	binary.BigEndian.PutUint64(b[0:], id.Seq)
	binary.BigEndian.PutUint64(b[8:], id.Link)
	return w.ident.Put(identKey(src, identity), b[:])
}

func (w *writer) UnfileIdent(src aggregator.SourceID, identity string) error {
	return w.ident.Delete(identKey(src, identity))
}

func (w *writer) StoryByURL(canonical string) (fold.StoryID, bool, error) {
	if v := urlStory(w.urls, canonical); v != nil {
		return fold.StoryID(be64(v)), true, nil
	}
	return 0, false, nil
}

// NearCandidates seeks once per 72-hour span of [lo, hi] (see nearkey.go)
// and once in the fresh tail, and offers the stories in time order. A key
// the near filter has never seen is in no story (nearfilter.go).
func (w *writer) NearCandidates(k, lo, hi uint64, limit int, fn func(fold.StoryID, uint64) (bool, error)) error {
	if f := w.db.nearFilterFor(w.tx); f != nil && !f.has(k) {
		return nil
	}
	c := w.near.Cursor()
	found := w.nearBuf[:0]
	for span := lo / nearSpan; span <= hi/nearSpan && len(found) < limit; span++ {
		found = nearRange(c, found, span, k, lo, hi, limit)
	}
	if w.near.Sequence() > 0 {
		found = mergeNear(found, nearRange(c, nil, freshSpan, k, lo, hi, limit), limit)
	}
	w.nearBuf = found
	for _, e := range found {
		if more, err := fn(e.sid, e.seq); !more || err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) FileNear(k, t uint64, id fold.StoryID, seq uint64) error {
	if f := w.db.nearFilterOf(w.tx); f.words != nil {
		f.add(k)
	}
	if !w.toTail() {
		return w.near.Put(nearKey(k, t, id), u64(seq))
	}
	return fileFresh(w.near, k, t, id, seq)
}

func (w *writer) UnfileNear(k, t uint64, id fold.StoryID) error {
	if err := w.near.Delete(nearKey(k, t, id)); err != nil || w.near.Sequence() == 0 {
		return err // an empty tail holds nothing to delete
	}
	return w.near.Delete(nearKeySpan(freshSpan, k, t, id))
}

// Signature reads through the writer's cache (nearfilter.go) in write
// transactions.
func (w *writer) Signature(seq uint64) (aggregator.SourceID, fingerprint.Signature, error) {
	var cache *nearFilter
	if w.tx.Writable() {
		cache = w.db.nearFilterOf(w.tx)
		if c, ok := cache.sig(seq); ok {
			return c.src, c.sig, nil
		}
	}
	v := w.sigs.Get(u64(seq))
	if v == nil {
		return 0, fingerprint.Signature{}, nil
	}
	src, sig, err := decodeSig(v)
	if err == nil && cache != nil {
		cache.keepSig(seq, &cachedSig{src, sig})
	}
	return src, sig, err
}

func (w *writer) PutSignature(seq uint64, src aggregator.SourceID, sig *fingerprint.Signature) error {
	w.db.nearFilterOf(w.tx).keepSig(seq, nil)
	return w.sigs.Put(u64(seq), encodeSig(src, sig))
}

func (w *writer) FileSource(src aggregator.SourceID, t uint64, id fold.StoryID) error {
	return w.bySource.Put(key3(uint64(src), t, id), nil)
}

func (w *writer) FileTopic(k aggregator.TopicKey, t uint64, id fold.StoryID) error {
	return w.topics.Put(key3(uint64(k), t, id), nil)
}

func (w *writer) UnfileTopic(k aggregator.TopicKey, t uint64, id fold.StoryID) error {
	return w.topics.Delete(key3(uint64(k), t, id))
}

// Listed reports whether source src's last parsed document listed story
// id (see current.go).
func (w *writer) Listed(src aggregator.SourceID, id fold.StoryID) (bool, error) {
	_, found := slices.BinarySearch(decodeCurrent(w.current.Get(u64(uint64(src)))), id)
	return found, nil
}

func (w *writer) UnfileSource(src aggregator.SourceID, t uint64, id fold.StoryID) error {
	return w.bySource.Delete(key3(uint64(src), t, id))
}

func (w *writer) DeleteItem(seq uint64) error {
	w.db.nearFilterOf(w.tx).keepSig(seq, nil)
	if err := w.sigs.Delete(u64(seq)); err != nil {
		return err
	}
	return w.items.Delete(u64(seq))
}

func (w *writer) DeleteStory(id fold.StoryID, t uint64) error {
	if err := w.unfileTime(t, id); err != nil {
		return err
	}
	return w.stories.Delete(u64(uint64(id)))
}
