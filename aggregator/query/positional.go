package query

import (
	"cmp"
	"slices"
	"strings"
)

// maxNear is the largest distance NEAR/N accepts.
const maxNear = 100

// maxSpans bounds the occurrences an OR or NEAR inside a NEAR keeps for one
// field (the first ones, in position order), so that chained NEARs over a
// huge, repetitive document stay linear. Real items come nowhere near it.
const maxSpans = 1 << 14

// wordPattern is one folded word of a term, or a prefix ("ukrain*").
type wordPattern struct {
	word   string
	prefix bool
}

// phrase is a sequence of word patterns that must occur at consecutive
// positions. A single word is a phrase of one.
type phrase []wordPattern

// span is where a positional expression occurs: word positions from..to.
type span struct{ from, to int }

// posExpr is an expression with positions: a phrase, an OR of positional
// expressions, or a NEAR of two. NEAR's operands are positional.
type posExpr interface {
	// spans returns where the expression occurs in a field, sorted.
	spans(ix *index) []span
	// write appends the canonical form, each word with the field prefix.
	write(b *strings.Builder, fields fieldSet)
}

// orPos occurs wherever any of its alternatives occurs.
type orPos struct{ alts []posExpr }

// nearPos occurs where a and b both occur, without overlapping, with at
// most dist words between them, in either order. Its span covers both, so
// NEARs chain: (a NEAR/3 b) NEAR/3 c.
type nearPos struct {
	a, b posExpr
	dist int
}

// in reports whether the phrase occurs in the field.
func (ph phrase) in(ix *index) bool {
	if len(ph) == 1 {
		return ix.has(ph[0])
	}
	return len(ph.spans(ix)) > 0
}

func (ph phrase) spans(ix *index) []span {
	first := ix.occurrences(ph[0])
	if len(first) == 0 {
		return nil
	}
	rest := make([][]int32, len(ph)-1)
	for k := range rest {
		rest[k] = ix.occurrences(ph[k+1])
		if len(rest[k]) == 0 {
			return nil
		}
	}
	var out []span
next:
	for _, p := range first {
		for k, occ := range rest {
			if _, ok := slices.BinarySearch(occ, p+int32(k)+1); !ok {
				continue next
			}
		}
		out = append(out, span{int(p), int(p) + len(ph) - 1})
	}
	return out
}

func (ph phrase) write(b *strings.Builder, fields fieldSet) {
	b.WriteString(fields.prefix())
	if len(ph) > 1 {
		b.WriteByte('"')
	}
	for i, w := range ph {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.word)
		if w.prefix {
			b.WriteByte('*')
		}
	}
	if len(ph) > 1 {
		b.WriteByte('"')
	}
}

func (o *orPos) spans(ix *index) []span {
	var out []span
	for _, a := range o.alts {
		out = append(out, a.spans(ix)...)
	}
	return sortSpans(out)
}

func (o *orPos) write(b *strings.Builder, fields fieldSet) {
	b.WriteByte('(')
	for i, a := range o.alts {
		if i > 0 {
			b.WriteString(" OR ")
		}
		a.write(b, fields)
	}
	b.WriteByte(')')
}

func (n *nearPos) spans(ix *index) []span {
	as := n.a.spans(ix)
	if len(as) == 0 {
		return nil
	}
	bs := n.b.spans(ix)
	if len(bs) == 0 {
		return nil
	}
	// bs is sorted by start; a b can only be near an a if it starts
	// within dist+longest words of it.
	longest := 0
	for _, s := range bs {
		longest = max(longest, s.to-s.from)
	}
	var out []span
	for _, a := range as {
		lo := a.from - n.dist - longest - 1
		i, _ := slices.BinarySearchFunc(bs, lo, func(s span, p int) int { return cmp.Compare(s.from, p) })
		for ; i < len(bs) && bs[i].from <= a.to+n.dist+1; i++ {
			b := bs[i]
			if (a.to < b.from && b.from-a.to-1 <= n.dist) || (b.to < a.from && a.from-b.to-1 <= n.dist) {
				out = append(out, span{min(a.from, b.from), max(a.to, b.to)})
			}
		}
		if len(out) >= 4*maxSpans {
			break
		}
	}
	return sortSpans(out)
}

func (n *nearPos) write(b *strings.Builder, fields fieldSet) {
	b.WriteByte('(')
	n.a.write(b, fields)
	b.WriteString(nearString(n.dist))
	n.b.write(b, fields)
	b.WriteByte(')')
}

// sortSpans sorts spans, drops repeats and keeps at most maxSpans.
func sortSpans(s []span) []span {
	slices.SortFunc(s, compareSpans)
	s = slices.Compact(s)
	return s[:min(len(s), maxSpans)]
}

// compareSpans orders spans by start, then end.
func compareSpans(a, b span) int {
	if c := cmp.Compare(a.from, b.from); c != 0 {
		return c
	}
	return cmp.Compare(a.to, b.to)
}
