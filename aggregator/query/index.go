package query

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// posting is one occurrence of a folded word in a field, as Prepare
// collects them (in position order).
type posting struct {
	word string
	pos  int
}

// index is one field of a prepared document: its folded text (one string
// per value, for regular expressions), its distinct words in sorted order,
// and for each word the positions where it occurs. A word or a prefix is
// one binary search away; the occurrences of a prefix are the lists of a
// run of neighbouring words.
type index struct {
	values []string
	words  []string // distinct, sorted
	start  []int32  // word i occurs at positions[start[i]:start[i+1]]
	pos    []int32  // positions, ascending within each word
	// inflected is set for text in Polish, Ukrainian or Russian: a word
	// then also matches its inflected forms (lang.go).
	inflected bool
}

// newIndex builds an index from postings in position order. Sorting the
// distinct words (rather than every posting) and then placing positions
// by counting keeps Prepare cheap.
func newIndex(values []string, ps []posting) index {
	ix := index{values: values}
	if len(ps) == 0 {
		return ix
	}
	ids := make(map[string]int32, len(ps)/2)
	idOf := make([]int32, len(ps)) // the distinct-word number of each posting
	for i, p := range ps {
		id, ok := ids[p.word]
		if !ok {
			id = int32(len(ix.words))
			ids[p.word] = id
			ix.words = append(ix.words, p.word)
		}
		idOf[i] = id
	}
	// rank[id] is the word's place in sorted order.
	sorted := slices.Clone(ix.words)
	slices.Sort(sorted)
	rank := make([]int32, len(sorted))
	for r, w := range sorted {
		rank[ids[w]] = int32(r)
	}
	ix.words = sorted
	// Count, then place: positions stay ascending within a word because
	// the postings come in position order.
	ix.start = make([]int32, len(sorted)+1)
	for _, id := range idOf {
		ix.start[rank[id]+1]++
	}
	for i := 1; i < len(ix.start); i++ {
		ix.start[i] += ix.start[i-1]
	}
	ix.pos = make([]int32, len(ps))
	next := slices.Clone(ix.start[:len(sorted)])
	for i, id := range idOf {
		r := rank[id]
		ix.pos[next[r]] = int32(ps[i].pos)
		next[r]++
	}
	return ix
}

// lookup returns the range of distinct words pat matches: the word itself,
// or every word with the prefix.
func (ix *index) lookup(pat wordPattern) (from, to int) {
	i := sort.SearchStrings(ix.words, pat.word)
	if !pat.prefix {
		if i < len(ix.words) && ix.words[i] == pat.word {
			return i, i + 1
		}
		return i, i
	}
	j := i
	for j < len(ix.words) && strings.HasPrefix(ix.words[j], pat.word) {
		j++
	}
	return i, j
}

// forms returns the distinct words (as indexes into ix.words) that an
// exact word matches in inflected text: the word and its stem plus an
// ending. It returns nil when the inflection rule does not apply.
func (ix *index) forms(pat wordPattern) []int {
	if !ix.inflected || pat.prefix || utf8.RuneCountInString(pat.word) < minStem {
		return nil
	}
	st := stem(pat.word)
	var out []int
	for i := sort.SearchStrings(ix.words, st); i < len(ix.words) && strings.HasPrefix(ix.words[i], st); i++ {
		if inflectsAs(ix.words[i], pat.word, st) {
			out = append(out, i)
		}
	}
	if out == nil {
		out = []int{} // the rule applied and found nothing
	}
	return out
}

// has reports whether any word matches pat.
func (ix *index) has(pat wordPattern) bool {
	if fs := ix.forms(pat); fs != nil {
		return len(fs) > 0
	}
	from, to := ix.lookup(pat)
	return to > from
}

// occurrences returns the positions of the words pat matches, ascending.
func (ix *index) occurrences(pat wordPattern) []int32 {
	if fs := ix.forms(pat); fs != nil {
		var occ []int32
		for _, w := range fs {
			occ = append(occ, ix.pos[ix.start[w]:ix.start[w+1]]...)
		}
		if len(fs) > 1 {
			slices.Sort(occ)
		}
		return occ
	}
	from, to := ix.lookup(pat)
	if from == to {
		return nil
	}
	occ := ix.pos[ix.start[from]:ix.start[to]]
	if to-from == 1 {
		return occ // one word: already ascending, and never modified
	}
	occ = slices.Clone(occ)
	slices.Sort(occ)
	return occ
}

// wordsIn returns the distinct words pat matches, sorted.
func (ix *index) wordsIn(pat wordPattern) []string {
	if fs := ix.forms(pat); fs != nil {
		out := make([]string, len(fs))
		for i, w := range fs {
			out[i] = ix.words[w]
		}
		return out
	}
	from, to := ix.lookup(pat)
	return ix.words[from:to]
}

// textOf returns the words at positions from..to, joined by spaces. It
// scans the whole index: explanations only.
func (ix *index) textOf(from, to int) string {
	words := make([]string, to-from+1)
	for w := range ix.words {
		for _, p := range ix.pos[ix.start[w]:ix.start[w+1]] {
			if int(p) >= from && int(p) <= to {
				words[int(p)-from] = ix.words[w]
			}
		}
	}
	return strings.Join(slices.DeleteFunc(words, func(s string) bool { return s == "" }), " ")
}
