package fingerprint

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The binary form of a Signature is what a store keeps beside each of its
// index keys, so it is compact and decodes without reflection:
//
//	version (1) | title (8, big-endian) | head | lede | pairs | names
//
// where each list is its length n (1 byte) followed by n big-endian 16-bit
// hashes. A signature of the current Version is 13 bytes plus two per
// hash: about 120 bytes for an item with a long text, at most 171.

// errMalformed reports binary data that AppendBinary did not write.
var errMalformed = errors.New("malformed binary signature")

// AppendBinary appends the binary form of s to b (encoding.BinaryAppender).
// A signature of another Version than this package's (the zero Signature
// too) matches nothing, and encodes as its version byte alone. It never
// fails.
func (s Signature) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, s.Version)
	if s.Version != Version {
		return b, nil
	}
	b = binary.BigEndian.AppendUint64(b, s.Title)
	for _, ws := range [...]Words{s.Head, s.Lede, s.Pairs, s.Names} {
		n := min(len(ws), 255)
		b = append(b, byte(n))
		for _, w := range ws[:n] {
			b = binary.BigEndian.AppendUint16(b, w)
		}
	}
	return b, nil
}

// MarshalBinary returns the binary form of s (encoding.BinaryMarshaler).
func (s Signature) MarshalBinary() ([]byte, error) {
	return s.AppendBinary(nil)
}

// UnmarshalBinary decodes data written by AppendBinary: all of it, with
// nothing after the signature (encoding.BinaryUnmarshaler). Data of
// another Version decodes, whatever follows its first byte, to a Signature
// of that Version with no other field: it matches nothing and has no keys,
// so a store can tell it must recompute it (this includes what earlier
// releases of the store wrote for Version 1 signatures).
func (s *Signature) UnmarshalBinary(data []byte) error {
	if len(data) == 0 {
		return fmt.Errorf("fingerprint: empty data: %w", errMalformed)
	}
	if data[0] != Version {
		*s = Signature{Version: data[0]}
		return nil
	}
	if len(data) < 1+8 {
		return fmt.Errorf("fingerprint: %d bytes: %w", len(data), errMalformed)
	}
	// One pass to check the lengths, one allocation for every list.
	lists, total := data[9:], 0
	rest := lists
	for range 4 {
		if len(rest) == 0 || len(rest) < 1+2*int(rest[0]) {
			return fmt.Errorf("fingerprint: truncated list: %w", errMalformed)
		}
		total += int(rest[0])
		rest = rest[1+2*int(rest[0]):]
	}
	if len(rest) != 0 {
		return fmt.Errorf("fingerprint: %d bytes after the signature: %w", len(rest), errMalformed)
	}
	out := Signature{Version: data[0], Title: binary.BigEndian.Uint64(data[1:])}
	buf := make(Words, total)
	for _, dst := range [...]*Words{&out.Head, &out.Lede, &out.Pairs, &out.Names} {
		n := int(lists[0])
		if n > 0 {
			ws := buf[:n:n]
			for i := range ws {
				ws[i] = binary.BigEndian.Uint16(lists[1+2*i:])
			}
			*dst, buf = ws, buf[n:]
		}
		lists = lists[1+2*n:]
	}
	*s = out
	return nil
}
