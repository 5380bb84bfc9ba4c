package query

import "sort"

// Query is a compiled topic query. It is immutable and safe for
// concurrent use.
type Query struct {
	src   string
	root  node
	canon string
	lists []string
}

// Compile parses a query. Its errors are *SyntaxError values that say at
// which column what was expected. Line breaks count as white space, so a
// long query may span lines.
func Compile(src string) (*Query, error) { return compile(src, nil) }

func compile(src string, lists Lists) (*Query, error) {
	if len(src) > MaxLength {
		return nil, errorAt(src, MaxLength, "expected a query of at most %d bytes", MaxLength)
	}
	p := &parser{lx: lexer{src: src}, lists: lists}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tokEOF {
		return nil, p.errorf(p.tok.off, "expected a term, found an empty query")
	}
	root, err := p.parseOr(defaultFields, false)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		if p.tok.kind == tokRParen {
			return nil, p.errorf(p.tok.off, `expected the end of the query, found a ")" that closes no "("`)
		}
		return nil, p.errorf(p.tok.off, "expected the end of the query, found %s", p.tok.describe())
	}
	used := make([]string, 0, len(p.used))
	for n := range p.used {
		used = append(used, n)
	}
	sort.Strings(used)
	return &Query{src: src, root: root, canon: nodeString(root), lists: used}, nil
}

// Match reports whether the prepared item matches the query.
func (q *Query) Match(p *Prepared) bool { return q.root.match(p) }

// String returns the query's canonical form: fully parenthesised, with
// folded words, the field of every term spelled out (none for the default
// fields) and nested ANDs and ORs merged. Two queries with the same
// canonical form match the same items, so it is a good key for caching
// what a topic matched.
func (q *Query) String() string { return q.canon }

// Source returns the query as it was written.
func (q *Query) Source() string { return q.src }
