package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// itemRecord is an item as stored, with the story it belongs to and the
// topics it matched (so an update can withdraw a topic it no longer
// matches).
type itemRecord struct {
	Item   aggregator.Item       `json:"item"`
	Story  storyID               `json:"story"`
	Topics []aggregator.TopicKey `json:"topics,omitempty"`
	// Near holds the near-duplicate keys the item was filed under, so an
	// update or a prune removes exactly those (they cannot be recomputed
	// once the fingerprint version changes).
	Near []uint64 `json:"near,omitempty"`
}

// member is one item of a story. (Before schema 5 it also carried the
// item's signature, now in the sigs bucket; old records still decode.)
type member struct {
	Source aggregator.SourceID `json:"src"`
	Seq    uint64              `json:"seq"`
}

// storyRecord is one story: the items that carry it, first-seen first.
type storyRecord struct {
	// Time is the story's fixed position (timeKey of the first item's
	// date); every index key of the story uses it.
	Time    uint64    `json:"time"`
	Updated time.Time `json:"updated"`
	Members []member  `json:"members"`
	// Key is the story's output key (see outputKey); zero for stories whose
	// id is that key already (made before schema 4).
	Key uint64 `json:"key,omitempty"`
}

// outputKey is what the story's output id derives from.
func (s *storyRecord) outputKey(sid storyID) uint64 {
	if s.Key != 0 {
		return s.Key
	}
	return uint64(sid)
}

func (s *storyRecord) hasSource(src aggregator.SourceID) bool {
	for _, m := range s.Members {
		if m.Source == src {
			return true
		}
	}
	return false
}

func be64(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

// decode checks a record's checksum and decodes it. A record that fails
// either is a *RecordError (ErrDamaged): never used, since its content may
// have been altered.
func decode[T any](key, b []byte, what string) (*T, error) {
	return decodeRecord[T](key, b, what, false)
}

// decodeLegacy is decode that also reads the bare JSON records of schema 5
// and earlier; only migrations use it.
func decodeLegacy[T any](key, b []byte, what string) (*T, error) {
	return decodeRecord[T](key, b, what, true)
}

func decodeRecord[T any](key, b []byte, what string, legacy bool) (*T, error) {
	data, err := unseal(key, b, legacy)
	if err != nil {
		return nil, &RecordError{What: what, Err: err}
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, &RecordError{What: what, Err: err}
	}
	return &v, nil
}

// encode writes v, to be stored under key, as a checksummed record
// (checksum.go) of JSON, without escaping <, > and &: stored HTML stays its
// own size.
func encode(key []byte, v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.Write(make([]byte, recordHeader))
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	seal(key, b)
	return b, nil
}

// errDamaged reports an inconsistency between indexes, which only a
// damaged file or a bug can cause.
func errDamaged(what string) error {
	return fmt.Errorf("%w: database inconsistency: %s", ErrDamaged, what)
}
