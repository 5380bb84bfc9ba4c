package store

import (
	"crypto/sha256"
	"encoding/binary"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

var (
	bucketMeta      = []byte("meta")
	bucketSources   = []byte("sources")
	bucketItems     = []byte("items")
	bucketStories   = []byte("stories")
	bucketIdent     = []byte("ident")
	bucketURLs      = []byte("urls")
	bucketNear      = []byte("near")
	bucketBySource  = []byte("bysource")
	bucketByTime    = []byte("bytime")
	bucketTopics    = []byte("topics")
	bucketTopicMeta = []byte("topicmeta")
	bucketSigs      = []byte("sigs")
	bucketCurrent   = []byte("current")

	allBuckets = [][]byte{bucketMeta, bucketSources, bucketItems, bucketStories, bucketIdent,
		bucketURLs, bucketNear, bucketBySource, bucketByTime, bucketTopics, bucketTopicMeta, bucketSigs, bucketCurrent}

	keySchema = []byte("schema")
)

// storyID is the key of a story in the stories bucket and every index. New
// stories take the bucket's next sequence number, so a batch appends to the
// end of the bucket instead of dirtying pages all over it (stories made
// before schema 4 kept a hashed id; both kinds live side by side). The id
// readers see is not this key but the story's output key (see outputKey).
type storyID uint64

func u64(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return b[:]
}

// timeKey encodes t so that byte order is time order, including times
// before 1970: the sign bit of the nanosecond count is flipped.
func timeKey(t time.Time) uint64 { return uint64(t.UnixNano()) ^ (1 << 63) }

func timeFromKey(k uint64) time.Time { return time.Unix(0, int64(k^(1<<63))).UTC() }

// key3 builds prefix(8) + time(8) + id(8).
func key3(prefix uint64, t uint64, id storyID) []byte {
	var b [24]byte
	binary.BigEndian.PutUint64(b[0:], prefix)
	binary.BigEndian.PutUint64(b[8:], t)
	binary.BigEndian.PutUint64(b[16:], uint64(id))
	return b[:]
}

// key2 builds time(8) + id(8).
func key2(t uint64, id storyID) []byte {
	var b [16]byte
	binary.BigEndian.PutUint64(b[0:], t)
	binary.BigEndian.PutUint64(b[8:], uint64(id))
	return b[:]
}

func identKey(src aggregator.SourceID, identity string) []byte {
	h := sha256.Sum256([]byte(identity))
	var b [16]byte
	binary.BigEndian.PutUint64(b[0:], uint64(src))
	copy(b[8:], h[:8])
	return b[:]
}

func urlKey(canonical string) []byte {
	h := sha256.Sum256([]byte(canonical))
	return h[:16]
}

// outputKey is the story's identity for readers, hashed from its first
// item's source and identity: the same history gives the same output ids,
// even in a database rebuilt from scratch, so readers never mistake a new
// story for one they saw before.
func outputKey(src aggregator.SourceID, identity string) uint64 {
	h := sha256.Sum256(append(u64(uint64(src)), identity...))
	return binary.BigEndian.Uint64(h[:8])
}
