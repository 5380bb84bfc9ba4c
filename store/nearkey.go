package store

import (
	"encoding/binary"
	"fmt"
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
