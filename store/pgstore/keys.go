package pgstore

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/feedloom/feedloom/aggregator/fold"
)

// timeCol is the column value of fold.TimeKey k: the nanoseconds it
// encodes, whose signed order is time order.
func timeCol(k uint64) int64 { return int64(k ^ (1 << 63)) }

// identHash is the key of an identity within its source, the bbolt store's
// identity hash.
func identHash(identity string) int64 {
	h := sha256.Sum256([]byte(identity))
	return int64(binary.BigEndian.Uint64(h[:8]))
}

// urlKey is the key of a canonical URL: a hash, since URLs may be longer
// than an index entry can be.
func urlKey(canonical string) []byte {
	h := sha256.Sum256([]byte(canonical))
	return h[:16]
}

// encode writes a record as JSON, without escaping <, > and &: stored HTML
// stays its own size. It goes into json columns, which keep it as it is
// (jsonb refuses the \u0000 a feed may carry).
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func decode[T any](b []byte, what string) (*T, error) {
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("%w: %s record: %w", fold.ErrInconsistent, what, err)
	}
	return &v, nil
}

// inconsistent reports indexes that disagree with the records, which only
// damage or a bug can cause.
func inconsistent(what string) error { return fmt.Errorf("%w: %s", fold.ErrInconsistent, what) }
