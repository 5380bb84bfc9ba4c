package store

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/feedloom/feedloom/aggregator"
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

// nearKey is the index key of story sid (at time key t) under fingerprint
// key k.
func nearKey(k uint64, t uint64, sid storyID) []byte {
	return nearKeySpan(t/nearSpan, k, t, sid)
}

func nearKeySpan(span, k, t uint64, sid storyID) []byte {
	var b [32]byte
	binary.BigEndian.PutUint64(b[0:], span)
	binary.BigEndian.PutUint64(b[8:], k)
	binary.BigEndian.PutUint64(b[16:], t)
	binary.BigEndian.PutUint64(b[24:], uint64(sid))
	return b[:]
}

// nearSID is the story id of a near index key.
func nearSID(k []byte) storyID { return storyID(be64(k[len(k)-8:])) }

// rebuildNear rebuilds the near-duplicate index in this layout from the
// near keys each item record lists: the migration from schema 1 (keys led
// by the fingerprint key) and 2 (led by the day).
func rebuildNear(tx *bolt.Tx) error {
	if err := tx.DeleteBucket(bucketNear); err != nil && tx.Bucket(bucketNear) != nil {
		return err
	}
	near, err := tx.CreateBucket(bucketNear)
	if err != nil {
		return err
	}
	stories := tx.Bucket(bucketStories)
	times := map[storyID]uint64{}
	return tx.Bucket(bucketItems).ForEach(func(_, v []byte) error {
		rec, err := decode[itemRecord](v, "item")
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
			s, err := decode[storyRecord](sv, "story")
			if err != nil {
				return err
			}
			t = s.Time
			times[rec.Story] = t
		}
		val := encodeNear(aggregator.SourceIDOf(rec.Item.SourceURL), &rec.Item.Sig)
		for _, k := range rec.Near {
			if err := near.Put(nearKey(k, t, rec.Story), val); err != nil {
				return err
			}
		}
		return nil
	})
}
