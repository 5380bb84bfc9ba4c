package store

import (
	"errors"
	"fmt"
	"hash/crc32"

	"github.com/klauspost/compress/s2"
)

// ErrDamaged marks every error that means the file itself is damaged: a
// record whose checksum fails, an index that points nowhere, a page bbolt
// cannot read. Commands report it with the file's name and the advice to
// restore a backup.
var ErrDamaged = errors.New("the store is damaged")

// RecordError is a stored record that fails its checksum or does not
// decode: it is never used, since its content may have been altered.
type RecordError struct {
	// What names the record: "item", "story", "source URL".
	What string
	Err  error
}

func (e *RecordError) Error() string {
	return fmt.Sprintf("%s record is damaged: %v", e.What, e.Err)
}

// Unwrap lets errors.Is find ErrDamaged and the cause.
func (e *RecordError) Unwrap() []error { return []error{ErrDamaged, e.Err} }

// A checksummed record is recordV1, a CRC-32C (Castagnoli) of its key and
// the rest, big-endian, then the JSON. The key is in the sum so that a
// damaged key (a record found under another key) is caught too. Records written before schema 6 are bare
// JSON (they start with '{'); migration 5 rewrites them all, so a bare
// record found later is itself damage.
//
// A record of recordS2 (schema 7 on) has the same header, but what
// follows is the JSON compressed with S2 (github.com/klauspost/compress/s2)
// and the checksum covers those compressed bytes: item records hold whole
// articles of HTML, which compress to about a third, so the store is a
// third the size and a refresh writes, syncs and maps a third of the pages.
// Short records, and those that hardly compress, stay recordV1.
const (
	recordV1     = 0x01
	recordS2     = 0x02
	recordHeader = 5
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// sum is the checksum of a record's key and JSON.
func sum(key, data []byte) uint32 {
	return crc32.Update(crc32.Checksum(key, castagnoli), castagnoli, data)
}

// seal fills the header that encode reserved at the front of b, stored
// under key.
func seal(key, b []byte, format byte) {
	sum := sum(key, b[recordHeader:])
	b[0] = format
	b[1], b[2], b[3], b[4] = byte(sum>>24), byte(sum>>16), byte(sum>>8), byte(sum)
}

// unseal checks b's checksum and returns its JSON. legacy accepts the bare
// JSON of schema 5 and earlier (for the migrations only).
func unseal(key, b []byte, legacy bool) ([]byte, error) {
	if legacy && len(b) > 0 && b[0] == '{' {
		return b, nil
	}
	if err := verifySeal(key, b); err != nil {
		return nil, err
	}
	if b[0] == recordS2 {
		data, err := s2.Decode(nil, b[recordHeader:])
		if err != nil {
			return nil, fmt.Errorf("compressed record: %w", err)
		}
		return data, nil
	}
	return b[recordHeader:], nil
}

// verifySeal checks b's format and checksum without decoding it: what a
// walk over every record needs.
func verifySeal(key, b []byte) error {
	if len(b) < recordHeader || b[0] != recordV1 && b[0] != recordS2 {
		return errors.New("unknown record format")
	}
	want := uint32(b[1])<<24 | uint32(b[2])<<16 | uint32(b[3])<<8 | uint32(b[4])
	if got := sum(key, b[recordHeader:]); got != want {
		return fmt.Errorf("checksum %08x, want %08x", got, want)
	}
	return nil
}
