package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	bolt "go.etcd.io/bbolt"
)

// The near-duplicate index leads with the time span of the story's time:
//
//	span (8) + fingerprint key (8) + time (8) + story id (8)
//
// Fingerprint keys are random, so an index led by them takes every new
// item's entries to pages all over the file, and each commit rewrote most
// of the index: its cost grew with the store. Led by a span of 72 hours,
// one batch of new items touches the pages of its latest span or two, and
// a lookup within the default window (72 hours either side) seeks once per
// key in each of at most three spans. (One-day spans cost seven seeks per
// key, which measured dearer than the writes they save.)
const nearSpan = uint64(72 * time.Hour)

// The index has a fresh tail: FileNear puts a key under freshSpan, which
// sorts after every real span, and the near bucket's sequence counts the
// keys put there. A cold refresh of a month of items files eight keys an
// item at random places in a dozen spans, and each commit rewrote most of
// the index's pages. In the tail a commit touches only the pages of the
// keys filed since the last merge. When they pass freshLimit, the commit
// moves the keys of the spans that hold most of them (mergeFresh) in key
// order, a span's pages once each, in the commit's transaction. Look-ups read
// both (nearRange). With the tail, a cold refresh of 1,000 feeds x 50 items
// ran in 15.8 s instead of 20.9 s (a limit of 64k keys and two spans a
// commit: 19 s). A load (Import) files keys straight into their spans.
const freshSpan = ^uint64(0)

// freshLimit is how many keys the tail takes before a commit merges some
// of it: a few hundred pages.
var freshLimit uint64 = 1 << 15

// freshFrom is the file size from which keys go to the tail. A smaller
// file stays mapped whole (mappingBudget), so rewriting the pages a commit
// touched costs no faults, and the tail's extra seek a look-up and its
// merges made ingest 12% slower (BenchmarkIngest: 110 us an item against
// 87 us filing straight into the spans).
var freshFrom int64 = mappingBudget

// nearKey is the index key of story sid (at time key t) under fingerprint
// key k.
func nearKey(k uint64, t uint64, sid fold.StoryID) []byte {
	return nearKeySpan(t/nearSpan, k, t, sid)
}

func nearKeySpan(span, k, t uint64, sid fold.StoryID) []byte {
	var b [32]byte
	binary.BigEndian.PutUint64(b[0:], span)
	binary.BigEndian.PutUint64(b[8:], k)
	binary.BigEndian.PutUint64(b[16:], t)
	binary.BigEndian.PutUint64(b[24:], uint64(sid))
	return b[:]
}

// nearSID is the story id of a near index key.
func nearSID(k []byte) fold.StoryID { return fold.StoryID(be64(k[len(k)-8:])) }

// nearEntry is one story filed under a key: its time key, id and item.
type nearEntry struct {
	t   uint64
	sid fold.StoryID
	seq uint64
}

func (e nearEntry) compare(o nearEntry) int {
	return cmp.Or(cmp.Compare(e.t, o.t), cmp.Compare(e.sid, o.sid))
}

// nearRange appends to dst, in time order, the entries of span under
// fingerprint key k timed in [lo, hi], until dst holds limit.
func nearRange(c *bolt.Cursor, dst []nearEntry, span, k, lo, hi uint64, limit int) []nearEntry {
	start, end := nearKeySpan(span, k, lo, 0), nearKeySpan(span, k, hi, ^fold.StoryID(0))
	for ck, cv := c.Seek(start); ck != nil && bytes.Compare(ck, end) <= 0 && len(dst) < limit; ck, cv = c.Next() {
		if len(ck) != 32 || len(cv) < 8 {
			continue // the verifier reports it
		}
		dst = append(dst, nearEntry{t: be64(ck[16:]), sid: nearSID(ck), seq: be64(cv)})
	}
	return dst
}

// mergeNear merges two lists in time order into at most limit entries,
// keeping one of any entry both hold.
func mergeNear(a, b []nearEntry, limit int) []nearEntry {
	if len(b) == 0 {
		return a
	}
	out := make([]nearEntry, 0, min(limit, len(a)+len(b)))
	for len(out) < limit && (len(a) > 0 || len(b) > 0) {
		switch {
		case len(b) == 0 || len(a) > 0 && a[0].compare(b[0]) < 0:
			out, a = append(out, a[0]), a[1:]
		case len(a) > 0 && a[0].compare(b[0]) == 0:
			b = b[1:]
		default:
			out, b = append(out, b[0]), b[1:]
		}
	}
	return out
}

// mergeSpans bounds the spans one commit merges: merging all a month's
// spans at once would hold the whole index in the transaction's memory
// (30 MB more at 1,000 x 50), and a span's size depends on the news of 72
// hours, not on the store's.
const mergeSpans = 4

// mergeFresh moves the fresh tail's keys into their spans once the near
// bucket's sequence says it holds more than freshLimit, span by span, most
// keys first, until it holds at most half that, but no more than
// mergeSpans spans. It reads the tail twice: to count each span's keys,
// then to take those of the spans it moves.
func mergeFresh(near *bolt.Bucket) error {
	if n := near.Sequence(); n == 0 || n <= freshLimit {
		return nil
	}
	prefix := u64(freshSpan)
	c := near.Cursor()
	counts := map[uint64]uint64{}
	var total uint64
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) != 32 {
			return errDamaged(fmt.Sprintf("near-duplicate index key of %d bytes, want 32", len(k)))
		}
		counts[be64(k[16:])/nearSpan]++
		total++
	}
	spans := slices.SortedFunc(maps.Keys(counts), func(a, b uint64) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
	})
	chosen := map[uint64]bool{}
	for i, span := range spans {
		if i == mergeSpans || total <= freshLimit/2 {
			break
		}
		chosen[span] = true
		total -= counts[span]
	}
	// In the tail the keys of one span come in the order they have in it:
	// fingerprint key, time, story.
	type entry struct{ k, v []byte }
	moved := map[uint64][]entry{}
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if span := be64(k[16:]) / nearSpan; chosen[span] {
			moved[span] = append(moved[span], entry{slices.Clone(k), slices.Clone(v)})
		}
	}
	for span, entries := range moved {
		for _, e := range entries {
			if err := near.Delete(e.k); err != nil {
				return err
			}
			binary.BigEndian.PutUint64(e.k, span) // the key it has in its span
		}
		for _, e := range entries {
			if err := near.Put(e.k, e.v); err != nil {
				return err
			}
		}
	}
	return near.SetSequence(total)
}

// fileFresh files story sid's key k in the fresh tail.
func fileFresh(near *bolt.Bucket, k, t uint64, sid fold.StoryID, seq uint64) error {
	return putTail(near, nearKeySpan(freshSpan, k, t, sid), u64(seq))
}

// rebuildNear rebuilds the near-duplicate index and the sigs bucket in
// this layout from the near keys and signature each item record holds: the
// migration from schema 1 (keys led by the fingerprint key), 2 (led by the
// day) and 4 (signatures in every near value and in story records).
func rebuildNear(tx *bolt.Tx) error {
	var fresh [2]*bolt.Bucket
	for i, name := range [][]byte{bucketNear, bucketSigs} {
		if err := tx.DeleteBucket(name); err != nil && tx.Bucket(name) != nil {
			return err
		}
		b, err := tx.CreateBucket(name)
		if err != nil {
			return err
		}
		fresh[i] = b
	}
	near, sigs := fresh[0], fresh[1]
	stories := tx.Bucket(bucketStories)
	times := map[fold.StoryID]uint64{}
	return tx.Bucket(bucketItems).ForEach(func(seq, v []byte) error {
		rec, err := decodeLegacy[fold.ItemRecord](seq, v, "item")
		if err != nil {
			return err
		}
		if len(rec.Near) == 0 {
			return nil
		}
		t, ok := times[rec.Story]
		if !ok {
			sv := stories.Get(u64(uint64(rec.Story)))
			if sv == nil {
				return fmt.Errorf("item %s: %w", rec.Item.Identity, errDamaged("item points at missing story"))
			}
			s, err := decodeLegacy[fold.Story](u64(uint64(rec.Story)), sv, "story")
			if err != nil {
				return err
			}
			t = s.Time
			times[rec.Story] = t
		}
		if err := sigs.Put(seq, encodeSig(aggregator.SourceIDOf(rec.Item.SourceURL), &rec.Item.Sig)); err != nil {
			return err
		}
		for _, k := range rec.Near {
			if err := near.Put(nearKey(k, t, rec.Story), seq); err != nil {
				return err
			}
		}
		return nil
	})
}
