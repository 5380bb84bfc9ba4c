package store

import (
	"bytes"
	"encoding/binary"
	"slices"

	"github.com/feedloom/feedloom/aggregator/fold"
	bolt "go.etcd.io/bbolt"
)

// The time index (bytime: time + story id) and the URL index (urls: a
// hash of the canonical URL) have fresh tails too, as the near-duplicate
// index has (nearkey.go). Both are keyed at random with respect to
// arrival: a cold refresh files stories of every date, and URL hashes are
// random by design. A commit of 500 new stories rewrote most of both
// indexes' 32 KiB pages, and the indexes grow with the store, so each
// commit cost more than the last: in a cold refresh of 5,000 feeds x 50
// items, 600 pages a commit by the end, 57% of all the nodes the commits
// rewrote.
//
// In a store larger than freshFrom a new entry goes to the tail: a key of
// 24 bytes led by tailLead, which sorts after every other key of the
// bucket, and the bucket's sequence counts the keys put there.
//
//	time index tail: tailLead (8) + story id (8) + time (8)
//	URL index tail:  tailLead (8) + URL hash (16)
//
// Story ids are handed out in order, so the time index's tail only ever
// grows at its end; the URL index's tail is small enough (indexTailLimit
// keys: a dozen pages) that a commit touching all of it costs little. Once
// a tail counts more than indexTailLimit keys, a commit moves all of them to
// their places in the index (mergeTail), each page of it once. Readers look
// in both places (urlStory, timeFiled); prune merges the time index's tail
// first, so it sees every story in time order.
//
// The lead is the near-duplicate index's freshSpan: every fresh tail
// sorts last in its bucket.
const tailLead = freshSpan

// indexTailLimit is how many keys the time and URL indexes' tails take
// before a commit merges them: about 33 cold commits of 500 stories.
var indexTailLimit uint64 = 1 << 14

// tailKeyLen is the length of a tail key, which no key of the main part
// of either index has (time index keys are 16 bytes, URL hashes 16).
const tailKeyLen = 24

func timeTailKey(t uint64, id fold.StoryID) []byte {
	var b [tailKeyLen]byte
	binary.BigEndian.PutUint64(b[0:], tailLead)
	binary.BigEndian.PutUint64(b[8:], uint64(id))
	binary.BigEndian.PutUint64(b[16:], t)
	return b[:]
}

// timeMainKey is the place in the time index of the entry a tail key holds.
func timeMainKey(tail []byte) []byte {
	return key2(be64(tail[16:]), fold.StoryID(be64(tail[8:])))
}

func urlTailKey(main []byte) []byte {
	var b [tailKeyLen]byte
	binary.BigEndian.PutUint64(b[0:], tailLead)
	copy(b[8:], main)
	return b[:]
}

func urlMainKey(tail []byte) []byte { return bytes.Clone(tail[8:]) }

// isTailKey reports whether k is a key of an index's fresh tail.
func isTailKey(k []byte) bool { return len(k) == tailKeyLen && be64(k) == tailLead }

// toTail reports whether w files new index entries in the fresh tails.
func (w *writer) toTail() bool { return !w.direct && w.tx.Size() >= freshFrom }

// putTail puts k in bucket b's fresh tail and counts it in the bucket's
// sequence; the near-duplicate index's tail is counted the same way.
func putTail(b *bolt.Bucket, k, v []byte) error {
	if err := b.Put(k, v); err != nil {
		return err
	}
	return b.SetSequence(b.Sequence() + 1)
}

// fileTime files story id at time key t in the time index.
func (w *writer) fileTime(t uint64, id fold.StoryID) error {
	if w.toTail() {
		return putTail(w.byTime, timeTailKey(t, id), nil)
	}
	return w.byTime.Put(key2(t, id), nil)
}

// unfileTime removes story id's entry, wherever it is.
func (w *writer) unfileTime(t uint64, id fold.StoryID) error {
	if err := w.byTime.Delete(key2(t, id)); err != nil || w.byTime.Sequence() == 0 {
		return err
	}
	return w.byTime.Delete(timeTailKey(t, id))
}

// timeFiled reports whether story id at time key t is in the time index.
func timeFiled(byTime *bolt.Bucket, t uint64, id fold.StoryID) bool {
	return hasKey(byTime, key2(t, id)) || byTime.Sequence() > 0 && hasKey(byTime, timeTailKey(t, id))
}

// hasKey reports whether b holds key k. Get cannot tell: the time index's
// values are empty, and in the transaction that put one Get returns nil.
func hasKey(b *bolt.Bucket, k []byte) bool {
	found, _ := b.Cursor().Seek(k)
	return bytes.Equal(found, k)
}

// urlStory returns the story id the URL index files canonical under, as
// its 8-byte key in the stories bucket, or nil.
func urlStory(urls *bolt.Bucket, canonical string) []byte { return urlStoryAt(urls, urlKey(canonical)) }

// urlStoryAt is urlStory for the URL's index key k.
func urlStoryAt(urls *bolt.Bucket, k []byte) []byte {
	if v := urls.Get(k); v != nil || urls.Sequence() == 0 {
		return v
	}
	return urls.Get(urlTailKey(k))
}

// FileURL files story id under canonical unless it is filed already.
func (w *writer) FileURL(canonical string, id fold.StoryID) error {
	k := urlKey(canonical)
	if urlStoryAt(w.urls, k) != nil {
		return nil
	}
	if w.toTail() {
		return putTail(w.urls, urlTailKey(k), u64(uint64(id)))
	}
	return w.urls.Put(k, u64(uint64(id)))
}

// UnfileURL removes canonical from the URL index, wherever it is.
func (w *writer) UnfileURL(canonical string) error {
	k := urlKey(canonical)
	if err := w.urls.Delete(k); err != nil || w.urls.Sequence() == 0 {
		return err
	}
	return w.urls.Delete(urlTailKey(k))
}

// mergeIndexTails merges the tail of the time index or, when that one is
// within its limit, of the URL index, once it counts more than
// indexTailLimit keys. One at a time: both tails grow by a key a new
// story, and two merges in one commit would hold both indexes' pages at
// once.
func mergeIndexTails(w *writer) error {
	if w.byTime.Sequence() > indexTailLimit {
		return mergeTail(w.byTime, timeMainKey)
	}
	if w.urls.Sequence() > indexTailLimit {
		return mergeTail(w.urls, urlMainKey)
	}
	return nil
}

// mergeTail moves every key of bucket b's fresh tail to the place mainKey
// gives it, in key order, and resets the count.
func mergeTail(b *bolt.Bucket, mainKey func(tail []byte) []byte) error {
	if b.Sequence() == 0 {
		return nil
	}
	type entry struct{ tail, main, v []byte }
	var moved []entry
	c := b.Cursor()
	for k, v := c.Seek(u64(tailLead)); k != nil; k, v = c.Next() {
		if isTailKey(k) {
			moved = append(moved, entry{bytes.Clone(k), mainKey(k), bytes.Clone(v)})
		}
	}
	for _, e := range moved {
		if err := b.Delete(e.tail); err != nil {
			return err
		}
	}
	// Key order: each page of the index is read and rewritten once.
	slices.SortFunc(moved, func(a, b entry) int { return bytes.Compare(a.main, b.main) })
	for _, e := range moved {
		if err := b.Put(e.main, e.v); err != nil {
			return err
		}
	}
	return b.SetSequence(0)
}
