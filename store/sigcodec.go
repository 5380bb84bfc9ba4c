package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
)

// The sigs bucket keeps, under each item's sequence number, its source
// and near-duplicate signature, so matching a new item against a candidate
// reads one small record and decodes no story or item. The near index's
// values are just item sequence numbers: the signature is stored once per
// item, not once per near key, and appended, so a commit writes few pages.
//
//	source id (8) | signature in fingerprint's binary form
//
// A signature of an older fingerprint version decodes to one that matches
// nothing. sigcodec_test.go fails when a Signature field does not survive
// the round trip.
func encodeSig(src aggregator.SourceID, s *fingerprint.Signature) []byte {
	b := make([]byte, 8, 8+13+2*(len(s.Head)+len(s.Lede)+len(s.Pairs)+len(s.Names)))
	binary.BigEndian.PutUint64(b, uint64(src))
	b, _ = s.AppendBinary(b) // never fails
	return b
}

var errBadNear = errors.New("malformed near-duplicate signature record")

func decodeSig(b []byte) (aggregator.SourceID, fingerprint.Signature, error) {
	var s fingerprint.Signature
	if len(b) < 8+1 {
		return 0, s, errBadNear
	}
	if err := s.UnmarshalBinary(b[8:]); err != nil {
		return 0, s, fmt.Errorf("%w: %w", errBadNear, err)
	}
	return aggregator.SourceID(binary.BigEndian.Uint64(b)), s, nil
}
