package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"sync"

	"github.com/feedloom/feedloom/aggregator/fold"
	gojson "github.com/goccy/go-json"
	"github.com/klauspost/compress/s2"
)

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

// decodeRecord reads records with go-json, which decodes them four times
// as fast as encoding/json (publishing every stored item decodes each one
// twice an output); encode writes them with go-json too, and
// FuzzRecordCodecs holds both to encoding/json: the same bytes written,
// the same values read.
func decodeRecord[T any](key, b []byte, what string, legacy bool) (*T, error) {
	data, err := unseal(key, b, legacy)
	if err != nil {
		return nil, &RecordError{What: what, Err: err}
	}
	var v T
	if err := gojson.Unmarshal(data, &v); err != nil {
		return nil, &RecordError{What: what, Err: err}
	}
	return &v, nil
}

// encode writes v, to be stored under key, as a checksummed record
// (checksum.go) of JSON, without escaping <, > and &: stored HTML stays its
// own size. The JSON and its compression go through buffers kept between
// calls, and the record gets one allocation of its own size: a bbolt
// transaction holds every record it was given until it commits, and with
// a fresh, growing buffer for each, an item record's allocations came to
// several times its size.
func encode(key []byte, v any) ([]byte, error) {
	s := encodeScratch.Get().(*scratch)
	defer encodeScratch.Put(s)
	s.js.Reset()
	// go-json writes the bytes encoding/json writes (FuzzRecordCodecs) in
	// less than half its time (an item record: 13.7 → 6.4 µs, compression
	// and seal included), and the single writer encodes every record.
	enc := gojson.NewEncoder(&s.js)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	js := bytes.TrimSuffix(s.js.Bytes(), []byte("\n"))
	if len(js) >= compressFrom {
		if n := s2.MaxEncodedLen(len(js)); n > cap(s.z) {
			s.z = make([]byte, n)
		}
		if z := s2.Encode(s.z[:cap(s.z)], js); len(z) <= len(js)-len(js)/8 {
			return sealed(key, z, recordS2), nil
		}
	}
	return sealed(key, js, recordV1), nil
}

// scratch is encode's buffers.
type scratch struct {
	js bytes.Buffer
	z  []byte
}

var encodeScratch = sync.Pool{New: func() any { return new(scratch) }}

// sealed returns a new record of data in format, sealed for key.
func sealed(key, data []byte, format byte) []byte {
	b := make([]byte, recordHeader+len(data))
	copy(b[recordHeader:], data)
	seal(key, b, format)
	return b
}

// compressFrom is the JSON size from which encode tries compressing a
// record: an item's, with its article, is kilobytes; a story's or a
// source's a few hundred bytes, where compression would save too little to
// pay for itself.
const compressFrom = 1024

// errDamaged reports an inconsistency between indexes, which only a
// damaged file or a bug can cause.
func errDamaged(what string) error {
	return fmt.Errorf("%w: database inconsistency: %s", ErrDamaged, what)
}

// storyKey is the member that follows the item in an item record's JSON:
// {"item":{...},"story":N,"topics":[...],"near":[...]}.
var storyKey = []byte(`,"story":`)

// storyField reads the story of an item record (stored under key) after
// checking its checksum, without decoding the item: folding an unchanged
// item needs no more. Inside a JSON string every quote is escaped, so a
// comma followed by a quote is always structure, and the last such key
// named "story" is the record's own: only arrays of numbers follow it, and
// no object inside an item has a member of that name. ok is false when
// the record is not of that shape (the caller then decodes it whole).
func storyField(key, b []byte) (fold.StoryID, bool) {
	data, err := unseal(key, b, false)
	if err != nil {
		return 0, false
	}
	i := bytes.LastIndex(data, storyKey)
	if i < 0 {
		return 0, false
	}
	rest := data[i+len(storyKey):]
	end := 0
	for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	if end == len(rest) || (rest[end] != ',' && rest[end] != '}') {
		return 0, false
	}
	id, err := strconv.ParseUint(string(rest[:end]), 10, 64)
	if err != nil {
		return 0, false
	}
	return fold.StoryID(id), true
}
