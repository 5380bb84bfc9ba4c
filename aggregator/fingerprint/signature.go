package fingerprint

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
)

// Version is the version of the normalisation and hashing behind a
// Signature. Signatures of different versions never compare as the same
// article; a store that finds old ones recomputes them.
//
// Version 2 added Pairs and Names and made Lede a sorted set.
const Version = 2

const (
	// maxHeadWords caps the headline words kept.
	maxHeadWords = 20
	// ledeWords is how many content words of the text form the lede.
	ledeWords = 24
	// minLedeWords is the shortest lede that counts as evidence; a shorter
	// text ("Watch the video.") is treated as absent.
	minLedeWords = 5
)

// Signature is what the store keeps per item to find near-duplicates:
// small (about a hundred bytes in binary, see AppendBinary), comparable
// with Same. Build it with Of. Lede, Pairs and Names are all empty or all
// derived from one text; the sets are sorted so that comparing two
// signatures needs no sorting.
type Signature struct {
	// Version is the Version of Of that built the signature; 0 for the
	// zero Signature, which matches nothing.
	Version uint8 `json:"v"`
	// Title is a hash of the whole normalised headline (every word, in
	// order, ignoring case, diacritics, punctuation and spacing); 0 when
	// the headline has no words.
	Title uint64 `json:"t,omitempty"`
	// Head holds the 16-bit hashes of the headline's content words
	// (stopwords dropped, lightly stemmed), in order, at most 20.
	Head Words `json:"h,omitempty"`
	// Lede is the set of the first 24 content words of the text's prose
	// (16-bit hashes, sorted, distinct); empty when the text carries fewer
	// than 5 content words (no description, a caption, aggregator
	// metadata).
	Lede Words `json:"l,omitempty"`
	// Pairs is the set of adjacent word pairs of that lede, in the order
	// the text gives its words (16-bit hashes of the pairs, sorted,
	// distinct, at most 23).
	Pairs Words `json:"p,omitempty"`
	// Names holds the first 12 distinct names of the prose, as 16-bit
	// hashes in the order the text first gives them: numbers, and runs of
	// capitalised words counted by their last word (not a lone capital
	// opening a sentence, not days and months; see nameList); empty when
	// there is no lede.
	Names Words `json:"n,omitempty"`
}

// Of computes the signature of an item from its plain-text title and its
// text (summary or body, tags stripped, entities decoded).
func Of(title, text string) Signature {
	s := Signature{Version: Version}
	var head [maxHeadWords]uint16
	h, n, nh := uint64(fnvOffset), 0, 0
	for w := range words(title) {
		h = fnv64(h, w) * fnvPrime // and a zero byte: "ab c" is not "a bc"
		n++
		if nh < len(head) && !isStopword(w) {
			head[nh] = word16(stem(w))
			nh++
		}
	}
	if n > 0 {
		s.Title = h
	}
	var (
		lede    [ledeWords]uint16
		names   nameList
		nl, nn  int
		hasText bool
	)
	if p := prose(text); p != "" {
		ledeDone := false // then only names are read, and lower-case words skipped
		for w, sh := range scanWords(p, &ledeDone) {
			if !ledeDone && !isStopword(w) {
				lede[nl] = word16(stem(w))
				nl++
				ledeDone = nl == len(lede)
			}
			if names.add(w, sh); ledeDone && names.full() {
				break
			}
		}
		names.end()
		nn = names.n
		hasText = nl >= minLedeWords
	}
	if !hasText {
		nl, nn = 0, 0
	}
	// One allocation holds every list.
	buf := make(Words, 0, nh+nl+max(nl-1, 0)+nn)
	buf = append(buf, head[:nh]...)
	s.Head = buf[0:nh:nh]
	if hasText {
		buf = appendPairs(buf, lede[:nl])
		s.Pairs = buf[nh:len(buf):len(buf)]
		buf = appendSet(buf, lede[:nl])
		s.Lede = buf[nh+len(s.Pairs) : len(buf) : len(buf)]
		buf = append(buf, names.names[:nn]...)
		s.Names = buf[len(buf)-nn : len(buf) : len(buf)]
	}
	if nh == 0 {
		s.Head = nil
	}
	if nn == 0 {
		s.Names = nil
	}
	return s
}

// appendSet appends the distinct values of ws to dst, sorted.
func appendSet(dst Words, ws []uint16) Words {
	n := len(dst)
	dst = append(dst, ws...)
	slices.Sort(dst[n:])
	return dst[:n+len(slices.Compact(dst[n:]))]
}

// appendPairs appends the distinct hashes of adjacent pairs of ws to dst,
// sorted.
func appendPairs(dst Words, ws []uint16) Words {
	n := len(dst)
	for i := 0; i+1 < len(ws); i++ {
		dst = append(dst, pair16(ws[i], ws[i+1]))
	}
	slices.Sort(dst[n:])
	return dst[:n+len(slices.Compact(dst[n:]))]
}

// Words is a sequence of 16-bit word hashes. In JSON it is the base64 of
// its big-endian bytes, which keeps a stored signature near its binary size.
type Words []uint16

// MarshalJSON encodes w as a base64 string.
func (w Words) MarshalJSON() ([]byte, error) {
	b := make([]byte, 2*len(w))
	for i, v := range w {
		binary.BigEndian.PutUint16(b[2*i:], v)
	}
	return json.Marshal(b)
}

// UnmarshalJSON decodes a base64 string written by MarshalJSON. Such a
// string holds no escapes and is decoded in place; any other JSON value
// goes through encoding/json.
func (w *Words) UnmarshalJSON(data []byte) error {
	if n := len(data); n >= 2 && data[0] == '"' && data[n-1] == '"' && isBase64(data[1:n-1]) {
		return w.decode(data[1 : n-1])
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("fingerprint words: %w", err)
	}
	return w.decode([]byte(s))
}

// isBase64 reports whether every byte of b is of the standard base64
// alphabet or its padding.
func isBase64(b []byte) bool {
	for _, c := range b {
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '=') {
			return false
		}
	}
	return true
}

// decode sets w to the words encoded in b64.
func (w *Words) decode(b64 []byte) error {
	b := make([]byte, base64.StdEncoding.DecodedLen(len(b64)))
	n, err := base64.StdEncoding.Decode(b, b64)
	if err != nil {
		return fmt.Errorf("fingerprint words: %w", err)
	}
	if n%2 != 0 {
		return fmt.Errorf("fingerprint words: odd length %d", n)
	}
	out := make(Words, n/2)
	for i := range out {
		out[i] = binary.BigEndian.Uint16(b[2*i:])
	}
	*w = out
	return nil
}
