package store

import (
	"encoding/binary"
	"errors"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
)

// The near-duplicate index stores, with each key, the source and signature
// of the item that filed it, in a compact binary form: matching a new item
// against its candidates then reads a few dozen bytes per candidate and
// decodes no story or item.
//
//	source id (8) | version (1) | title (8) | then for each of head, lede,
//	pairs, names: n (1) | words (2n)
//
// A value written before a list existed simply ends early: the missing
// lists decode as empty. sigcodec_test.go fails when Signature gains a
// field this codec does not carry.
func encodeNear(src aggregator.SourceID, s *fingerprint.Signature) []byte {
	b := make([]byte, 0, 8+1+8+4+2*(len(s.Head)+len(s.Lede)+len(s.Pairs)+len(s.Names)))
	b = binary.BigEndian.AppendUint64(b, uint64(src))
	b = append(b, s.Version)
	b = binary.BigEndian.AppendUint64(b, s.Title)
	for _, ws := range sigLists(s) {
		b = appendWords(b, *ws)
	}
	return b
}

// sigLists are the word lists of a signature, in their encoded order.
func sigLists(s *fingerprint.Signature) []*fingerprint.Words {
	return []*fingerprint.Words{&s.Head, &s.Lede, &s.Pairs, &s.Names}
}

func appendWords(b []byte, ws fingerprint.Words) []byte {
	n := min(len(ws), 255)
	b = append(b, byte(n))
	for _, w := range ws[:n] {
		b = binary.BigEndian.AppendUint16(b, w)
	}
	return b
}

var errBadNear = errors.New("malformed near-duplicate index value")

func decodeNear(b []byte) (aggregator.SourceID, fingerprint.Signature, error) {
	var s fingerprint.Signature
	if len(b) < 8+1+8 {
		return 0, s, errBadNear
	}
	src := aggregator.SourceID(binary.BigEndian.Uint64(b))
	s.Version = b[8]
	s.Title = binary.BigEndian.Uint64(b[9:])
	rest := b[17:]
	for _, ws := range sigLists(&s) {
		if len(rest) == 0 {
			break
		}
		var err error
		if *ws, rest, err = readWords(rest); err != nil {
			return 0, s, err
		}
	}
	return src, s, nil
}

func readWords(b []byte) (fingerprint.Words, []byte, error) {
	n := int(b[0])
	b = b[1:]
	if len(b) < 2*n {
		return nil, nil, errBadNear
	}
	if n == 0 {
		return nil, b, nil
	}
	ws := make(fingerprint.Words, n)
	for i := range ws {
		ws[i] = binary.BigEndian.Uint16(b[2*i:])
	}
	return ws, b[2*n:], nil
}
