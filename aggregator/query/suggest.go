package query

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Example is one labelled item for Suggest: its text and whether it is on
// the topic. Key names it in the report (its link or id).
type Example struct {
	Key string
	Doc *Doc
	On  bool
}

// Suggestion is a word or a two-word phrase that the query does not use
// yet, with what adding it to the query with OR would add: AddOn on-topic
// items the query misses, and AddOff off-topic items it rightly leaves
// out today.
type Suggestion struct {
	Term          string // in query syntax: a word, or a quoted phrase
	AddOn, AddOff int
}

// Suggestions is what `feedloom topics suggest` shows.
type Suggestions struct {
	// Terms are ranked by AddOn-AddOff, then AddOn, then words before
	// phrases (the simpler addition), then alphabetically.
	Terms []Suggestion
	// Missed are the on-topic examples the query does not match, in the
	// order given.
	Missed []Example
	// Counts over the examples: on and off, and how many of each matched.
	On, Off, MatchedOn, MatchedOff int
}

// Suggest finds the words (unigrams) and two-word phrases (bigrams) of the
// examples' titles and content that best separate on-topic items the
// query misses from off-topic items it leaves out, so a query writer sees
// what to add without reading every item. A term counts once per item.
// Terms the query already has (a word, a prefix that covers the word, or
// the phrase) are left out, as are bigrams with such a word in them: they
// say nothing new. Only terms that would add at least minOn missed items,
// and more on items than off, are kept; limit caps the list (0 = all).
func Suggest(q *Query, examples []Example, minOn, limit int) *Suggestions {
	s := &Suggestions{}
	known := q.knownWords()
	type counts struct{ on, off int }
	cand := map[string]*counts{}
	for _, ex := range examples {
		matched := q.Match(Prepare(ex.Doc))
		switch {
		case ex.On:
			s.On++
		default:
			s.Off++
		}
		if matched {
			if ex.On {
				s.MatchedOn++
			} else {
				s.MatchedOff++
			}
			continue
		}
		if ex.On {
			s.Missed = append(s.Missed, ex)
		}
		for t := range exampleTerms(ex.Doc, known) {
			c := cand[t]
			if c == nil {
				c = &counts{}
				cand[t] = c
			}
			if ex.On {
				c.on++
			} else {
				c.off++
			}
		}
	}
	for t, c := range cand {
		if c.on >= max(minOn, 1) && c.on > c.off {
			s.Terms = append(s.Terms, Suggestion{Term: t, AddOn: c.on, AddOff: c.off})
		}
	}
	slices.SortFunc(s.Terms, func(a, b Suggestion) int {
		return cmp.Or(
			cmp.Compare(b.AddOn-b.AddOff, a.AddOn-a.AddOff),
			cmp.Compare(b.AddOn, a.AddOn),
			cmp.Compare(strings.Count(a.Term, " "), strings.Count(b.Term, " ")),
			cmp.Compare(a.Term, b.Term))
	})
	if limit > 0 && len(s.Terms) > limit {
		s.Terms = s.Terms[:limit]
	}
	return s
}

// exampleTerms returns the set of unigrams and bigrams of d's title and
// content (bigrams within one field), without the query's known terms and
// without one-letter words (a Chinese or Japanese character is a word).
func exampleTerms(d *Doc, known *knownTerms) map[string]bool {
	out := map[string]bool{}
	for _, text := range []string{d.Title, d.Content} {
		ws := slices.DeleteFunc(foldWords(text), func(w string) bool {
			r, n := utf8.DecodeRuneInString(w)
			return n == len(w) && !isCJK(r) // "s" of "Russia's": not a term
		})
		for i, w := range ws {
			if known.covers(w) {
				continue
			}
			out[w] = true
			if i+1 < len(ws) && !known.covers(ws[i+1]) {
				ph := `"` + w + " " + ws[i+1] + `"`
				if !known.phrases[ph] {
					out[ph] = true
				}
			}
		}
	}
	return out
}

// knownTerms are the words, prefixes and phrases a query uses.
type knownTerms struct {
	words    map[string]bool
	prefixes []string
	phrases  map[string]bool // as `"a b"`
}

// covers reports whether the query already has word w (or a prefix of it).
func (k *knownTerms) covers(w string) bool {
	if k.words[w] {
		return true
	}
	for _, p := range k.prefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// knownWords collects the terms of every word, phrase and NEAR operand in
// the query, wherever they are (fields, NOT, lists).
func (q *Query) knownWords() *knownTerms {
	k := &knownTerms{words: map[string]bool{}, phrases: map[string]bool{}}
	addPhrase := func(ph phrase) {
		if len(ph) == 1 {
			if ph[0].prefix {
				k.prefixes = append(k.prefixes, ph[0].word)
			} else {
				k.words[ph[0].word] = true
			}
			return
		}
		ws := make([]string, len(ph))
		for i, w := range ph {
			ws[i] = w.word
		}
		k.phrases[`"`+strings.Join(ws, " ")+`"`] = true
	}
	var walkPos func(e posExpr)
	walkPos = func(e posExpr) {
		switch e := e.(type) {
		case phrase:
			addPhrase(e)
		case *orPos:
			for _, a := range e.alts {
				walkPos(a)
			}
		case *nearPos:
			walkPos(e.a)
			walkPos(e.b)
		}
	}
	var walk func(n node)
	walk = func(n node) {
		switch n := n.(type) {
		case *andNode:
			for _, c := range n.kids {
				walk(c)
			}
		case *orNode:
			for _, c := range n.kids {
				walk(c)
			}
		case *notNode:
			walk(n.kid)
		case *termNode:
			addPhrase(n.phrase)
		case *nearNode:
			walkPos(n.expr)
		}
	}
	walk(q.root)
	return k
}
