package store

import (
	"crypto/sha256"
	"encoding/binary"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
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

func u64(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return b[:]
}

// key3 builds prefix(8) + time(8) + id(8).
func key3(prefix uint64, t uint64, id fold.StoryID) []byte {
	var b [24]byte
	binary.BigEndian.PutUint64(b[0:], prefix)
	binary.BigEndian.PutUint64(b[8:], t)
	binary.BigEndian.PutUint64(b[16:], uint64(id))
	return b[:]
}

// key2 builds time(8) + id(8).
func key2(t uint64, id fold.StoryID) []byte {
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
