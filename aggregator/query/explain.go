package query

import (
	"fmt"
	"strings"
)

// Explanation says why a query matched a prepared item or why not: the
// whole query evaluated, every term with the fields it was found in.
type Explanation struct {
	// Query is the query's canonical form.
	Query string
	// Matched is the outcome, as Match would report it.
	Matched bool
	// Root is the evaluated query.
	Root *ExplainNode
}

// ExplainNode is one evaluated part of a query.
type ExplainNode struct {
	// Op is "AND", "OR" or "NOT" for operators; empty for terms.
	Op string
	// Expr is the canonical form of a term (a word, prefix, phrase,
	// regular expression or NEAR), with its field prefix.
	Expr string
	// Matched says whether this part matched.
	Matched bool
	// Fields are the fields a term searched.
	Fields []string
	// Hits are where a term was found, one per field.
	Hits []Hit
	// Children are an operator's operands.
	Children []*ExplainNode
}

// Hit is what a term found in one field.
type Hit struct {
	Field string
	// Found are the folded words (or regular expression matches, or the
	// text a NEAR spans) found there, each once, in order.
	Found []string
}

// Explain evaluates the query on p and says which terms matched in which
// field, or why the item does not match.
func (q *Query) Explain(p *Prepared) *Explanation {
	root := q.root.explain(p)
	return &Explanation{Query: q.canon, Matched: root.Matched, Root: root}
}

func (n *andNode) explain(p *Prepared) *ExplainNode {
	e := &ExplainNode{Op: "AND", Matched: true}
	for _, k := range n.kids {
		c := k.explain(p)
		e.Children = append(e.Children, c)
		e.Matched = e.Matched && c.Matched
	}
	return e
}

func (n *orNode) explain(p *Prepared) *ExplainNode {
	e := &ExplainNode{Op: "OR"}
	for _, k := range n.kids {
		c := k.explain(p)
		e.Children = append(e.Children, c)
		e.Matched = e.Matched || c.Matched
	}
	return e
}

func (n *notNode) explain(p *Prepared) *ExplainNode {
	c := n.kid.explain(p)
	return &ExplainNode{Op: "NOT", Matched: !c.Matched, Children: []*ExplainNode{c}}
}

func (n *termNode) explain(p *Prepared) *ExplainNode {
	return explainLeaf(n, n.fields, func(ix *index) []string {
		if len(n.phrase) == 1 {
			return ix.wordsIn(n.phrase[0])
		}
		return spanTexts(ix, n.phrase.spans(ix))
	}).evaluate(p)
}

func (n *regexNode) explain(p *Prepared) *ExplainNode {
	return explainLeaf(n, n.fields, func(ix *index) []string {
		var found []string
		for _, v := range ix.values {
			found = appendNew(found, n.re.FindAllString(v, 10)...)
		}
		return found
	}).evaluate(p)
}

func (n *nearNode) explain(p *Prepared) *ExplainNode {
	return explainLeaf(n, n.fields, func(ix *index) []string {
		return spanTexts(ix, n.expr.spans(ix))
	}).evaluate(p)
}

// leafExplainer evaluates a term field by field.
type leafExplainer struct {
	e    *ExplainNode
	find func(ix *index) []string
}

// explainLeaf prepares the explanation of a term.
func explainLeaf(n node, fields fieldSet, find func(ix *index) []string) leafExplainer {
	e := &ExplainNode{Expr: nodeString(n)}
	for f := range numFields {
		if fields.has(f) {
			e.Fields = append(e.Fields, fieldNames[f])
		}
	}
	return leafExplainer{e: e, find: find}
}

// evaluate looks for the term in each of its fields.
func (l leafExplainer) evaluate(p *Prepared) *ExplainNode {
	for _, name := range l.e.Fields {
		f, _ := lookupField(name)
		if found := l.find(&p.fields[f]); len(found) > 0 {
			l.e.Hits = append(l.e.Hits, Hit{Field: name, Found: found})
		}
	}
	l.e.Matched = len(l.e.Hits) > 0
	return l.e
}

// spanTexts returns the text of each span, each once.
func spanTexts(ix *index, spans []span) []string {
	var out []string
	for _, s := range spans {
		out = appendNew(out, ix.textOf(s.from, s.to))
		if len(out) == 10 {
			break
		}
	}
	return out
}

// appendNew appends the strings not yet in list.
func appendNew(list []string, more ...string) []string {
	for _, s := range more {
		dup := false
		for _, have := range list {
			dup = dup || have == s
		}
		if !dup {
			list = append(list, s)
		}
	}
	return list
}

// String renders the explanation as indented lines: "+" for a part that
// matched, "-" for one that did not. To keep the reason readable, a
// matching OR shows only its matching alternatives and a failing AND only
// its failing operands, with a count of the others.
func (e *Explanation) String() string {
	var b strings.Builder
	if e.Matched {
		b.WriteString("matches: ")
	} else {
		b.WriteString("does not match: ")
	}
	b.WriteString(e.Query)
	b.WriteByte('\n')
	e.Root.render(&b, 1)
	return b.String()
}

// render writes the node and its children at the given depth.
func (n *ExplainNode) render(b *strings.Builder, depth int) {
	indent := strings.Repeat("  ", depth)
	mark := "- "
	if n.Matched {
		mark = "+ "
	}
	b.WriteString(indent + mark)
	if n.Op == "" {
		b.WriteString(n.Expr)
		if len(n.Hits) == 0 {
			fmt.Fprintf(b, ": not in %s\n", strings.Join(n.Fields, ", "))
			return
		}
		for i, h := range n.Hits {
			sep := "; "
			if i == 0 {
				sep = ": "
			}
			fmt.Fprintf(b, "%s%s %s", sep, h.Field, quoteAll(h.Found))
		}
		b.WriteByte('\n')
		return
	}
	b.WriteString(n.Op)
	// Which children explain the outcome.
	show, hidden := n.Children, 0
	if (n.Op == "OR" && n.Matched) || (n.Op == "AND" && !n.Matched) {
		show = nil
		for _, c := range n.Children {
			if c.Matched == (n.Op == "OR") {
				show = append(show, c)
			}
		}
		hidden = len(n.Children) - len(show)
	}
	switch {
	case hidden > 0 && n.Op == "OR":
		fmt.Fprintf(b, " (%d other %s did not match)", hidden, plural(hidden, "alternative"))
	case hidden > 0:
		fmt.Fprintf(b, " (%d other %s matched)", hidden, plural(hidden, "operand"))
	}
	b.WriteByte('\n')
	for _, c := range show {
		c.render(b, depth+1)
	}
}

// quoteAll quotes each string and joins them with commas.
func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// plural returns word with an "s" unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
