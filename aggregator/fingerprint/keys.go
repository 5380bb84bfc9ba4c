package fingerprint

import "slices"

// Key kinds, mixed into every key so that a headline key never meets a
// lede key.
const (
	keyTitle uint64 = iota + 1
	keyHeadStart
	keyHeadEnd
	keyNames
	keyLede // keyLede+j for the j-th lede min-hash
)

// Headline start and end keys of items that have a text. Rule 3 (a
// near-identical headline) needs one of the two items to have no text, so
// an item with a text looks up only the start and end keys of items
// without one, and the many items with texts and a common headline phrase
// never meet as candidates.
const (
	keyHeadStartText = keyLede + ledeKeys + iota
	keyHeadEndText
)

const (
	// nearKeyWords is how many headline words the start and end keys
	// cover. A near-identical headline (one word or a rubric of up to
	// three dropped, the shorter keeping at least five words) keeps either
	// its first three or its last three content words, so one of the two
	// keys finds it.
	nearKeyWords = 3
	// ledeKeys is how many keys a text gives: the adjacent pairs of its
	// first names, then min-hashes of its lede's word pairs for the slots
	// left. Five min-hashes find a pair of ledes at the ledeMatch
	// threshold (Jaccard 0.45) with probability 1-(0.55)^5 ≈ 0.95, and
	// above Jaccard 0.6 with probability 0.99.
	ledeKeys = 5
)

// Keys returns the index keys under which the store files this signature:
// at most 8, so that every rule of Compare that can match two signatures
// usually finds the pair through a key one files and the other looks up
// (see LookupKeys).
//
//   - the whole headline, when it has at least 4 content words (rule 2);
//   - its first three and its last three content words, when it has at
//     least 5 (rule 3);
//   - five text keys when there is a lede (rule 1): first the adjacent
//     pairs of the text's first six names, when it has at least three
//     (a copy, or a version of a wire story, names the same people and
//     places in the same order, and name pairs are rare where lede word
//     pairs are not: stock phrases repeat across unrelated texts), then,
//     for the slots left, min-hashes of the lede's word pairs.
//
// The zero Signature has no keys.
func (s Signature) Keys() []uint64 {
	if s.Version != Version {
		return nil
	}
	keys := make([]uint64, 0, 1+2+ledeKeys)
	if s.Title != 0 && len(s.Head) >= minTitleWords {
		keys = append(keys, mix(keyTitle<<56^s.Title))
	}
	if len(s.Lede) == 0 {
		return append(keys, s.headKeys(keyHeadStart, keyHeadEnd)...)
	}
	keys = append(keys, s.headKeys(keyHeadStartText, keyHeadEndText)...)
	named := 0
	if len(s.Names) >= minNames {
		names := s.Names[:min(len(s.Names), nameKeyNames)]
		for i := 0; i+1 < len(names); i++ {
			keys = append(keys, mix(keyNames<<56^uint64(names[i])<<16^uint64(names[i+1])))
		}
		named = len(names) - 1
	}
	if named >= ledeKeys || len(s.Pairs) == 0 {
		return keys
	}
	var mins, arg [ledeKeys]uint64
	hashes := mins[:ledeKeys-named]
	for j := range hashes {
		hashes[j] = ^uint64(0)
	}
	for _, p := range s.Pairs {
		for j := range hashes {
			if h := mix(uint64(p) ^ uint64(j+1)*0x9e3779b97f4a7c15); h < hashes[j] {
				hashes[j], arg[j] = h, uint64(p)
			}
		}
	}
	for j := range hashes {
		keys = append(keys, mix((keyLede+uint64(j))<<56^arg[j]))
	}
	return keys
}

// LookupKeys returns the keys under which the store looks for this
// signature's candidates: those of Keys, except that an item with a text
// looks for headline start and end keys only among items without one
// (rule 3 never joins two items that both have a text), while an item
// without a text looks among both.
func (s Signature) LookupKeys() []uint64 {
	keys := s.Keys()
	if len(s.Lede) == 0 {
		return append(keys, s.headKeys(keyHeadStartText, keyHeadEndText)...)
	}
	out := keys[:0:0]
	text := s.headKeys(keyHeadStartText, keyHeadEndText)
	for _, k := range keys {
		if !slices.Contains(text, k) {
			out = append(out, k)
		}
	}
	return append(out, s.headKeys(keyHeadStart, keyHeadEnd)...)
}

// Meet reports whether a store finds the pair: one signature looks up a
// key the other filed, whichever came first.
func Meet(a, b Signature) bool {
	for _, k := range a.LookupKeys() {
		if slices.Contains(b.Keys(), k) {
			return true
		}
	}
	for _, k := range b.LookupKeys() {
		if slices.Contains(a.Keys(), k) {
			return true
		}
	}
	return false
}

// headKeys returns the headline start and end keys of the given kinds,
// when the headline has enough content words.
func (s Signature) headKeys(start, end uint64) []uint64 {
	n := len(s.Head)
	if s.Version != Version || n < minNearWords {
		return nil
	}
	return []uint64{mix(start<<56 ^ join16(s.Head[:nearKeyWords])), mix(end<<56 ^ join16(s.Head[n-nearKeyWords:]))}
}

// join16 packs three word hashes into one 48-bit value.
func join16(ws Words) uint64 {
	return uint64(ws[0])<<32 | uint64(ws[1])<<16 | uint64(ws[2])
}
