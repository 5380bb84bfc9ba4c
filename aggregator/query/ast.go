package query

import (
	"regexp"
	"strconv"
	"strings"
)

// node is a compiled boolean (sub)query.
type node interface {
	// match reports whether the prepared document satisfies the node.
	match(p *Prepared) bool
	// explain evaluates the node fully and says why it did or did not match.
	explain(p *Prepared) *ExplainNode
	// write appends the node's canonical, fully parenthesised form.
	write(b *strings.Builder)
}

// andNode matches when all its children match.
type andNode struct{ kids []node }

// orNode matches when any of its children matches.
type orNode struct{ kids []node }

// notNode matches when its child does not.
type notNode struct{ kid node }

// termNode matches a word, a prefix or a phrase in any of its fields.
type termNode struct {
	fields fieldSet
	phrase phrase
}

// regexNode matches an RE2 regular expression against the folded text of
// any of its fields.
type regexNode struct {
	fields fieldSet
	src    string // the pattern as written between the slashes
	re     *regexp.Regexp
}

// nearNode matches when its positional expression occurs in one of its
// fields.
type nearNode struct {
	fields fieldSet
	expr   *nearPos
}

func (n *andNode) match(p *Prepared) bool {
	for _, k := range n.kids {
		if !k.match(p) {
			return false
		}
	}
	return true
}

func (n *orNode) match(p *Prepared) bool {
	for _, k := range n.kids {
		if k.match(p) {
			return true
		}
	}
	return false
}

func (n *notNode) match(p *Prepared) bool { return !n.kid.match(p) }

func (n *termNode) match(p *Prepared) bool {
	for f := range numFields {
		if n.fields.has(f) && n.phrase.in(&p.fields[f]) {
			return true
		}
	}
	return false
}

func (n *regexNode) match(p *Prepared) bool {
	for f := range numFields {
		if !n.fields.has(f) {
			continue
		}
		for _, v := range p.fields[f].values {
			if n.re.MatchString(v) {
				return true
			}
		}
	}
	return false
}

func (n *nearNode) match(p *Prepared) bool {
	for f := range numFields {
		if n.fields.has(f) && len(n.expr.spans(&p.fields[f])) > 0 {
			return true
		}
	}
	return false
}

func (n *andNode) write(b *strings.Builder) { writeList(b, n.kids, " AND ") }
func (n *orNode) write(b *strings.Builder)  { writeList(b, n.kids, " OR ") }

func (n *notNode) write(b *strings.Builder) {
	b.WriteString("(NOT ")
	n.kid.write(b)
	b.WriteByte(')')
}

func (n *termNode) write(b *strings.Builder) {
	n.phrase.write(b, n.fields)
}

func (n *regexNode) write(b *strings.Builder) {
	b.WriteString(n.fields.prefix())
	b.WriteByte('/')
	b.WriteString(strings.ReplaceAll(n.src, "/", `\/`))
	b.WriteByte('/')
}

func (n *nearNode) write(b *strings.Builder) { n.expr.write(b, n.fields) }

// writeList writes kids joined by op, in parentheses.
func writeList(b *strings.Builder, kids []node, op string) {
	b.WriteByte('(')
	for i, k := range kids {
		if i > 0 {
			b.WriteString(op)
		}
		k.write(b)
	}
	b.WriteByte(')')
}

// nodeString returns the canonical form of n.
func nodeString(n node) string {
	var b strings.Builder
	n.write(&b)
	return b.String()
}

// nearString is the canonical spelling of the NEAR operator.
func nearString(dist int) string { return " NEAR/" + strconv.Itoa(dist) + " " }
