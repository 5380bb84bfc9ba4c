package query

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// MaxLength is the longest query Compile accepts, in bytes.
const MaxLength = 64 << 10

// MaxDepth is the deepest nesting of parentheses, NOT, fields and NEAR
// Compile accepts.
const MaxDepth = 100

// parser is a recursive-descent parser over a lexer, with one token of
// look-ahead. Its grammar is in README.md.
type parser struct {
	lx    lexer
	tok   token
	depth int
	lists Lists
	used  map[string]bool // lists the query refers to
}

// advance moves to the next token.
func (p *parser) advance() error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

// errorf reports an error at byte offset off.
func (p *parser) errorf(off int, format string, args ...any) error {
	return errorAt(p.lx.src, off, format, args...)
}

// where names the position of byte offset off: its column, and its line
// too when the query spans lines.
func (p *parser) where(off int) string {
	e := errorAt(p.lx.src, off, "")
	if strings.Contains(p.lx.src, "\n") {
		return fmt.Sprintf("line %d, column %d", e.Line, e.Col)
	}
	return fmt.Sprintf("column %d", e.Col)
}

// enter counts one level of nesting, failing past MaxDepth.
func (p *parser) enter(off int) error {
	p.depth++
	if p.depth > MaxDepth {
		return p.errorf(off, "expected at most %d levels of nesting (parentheses, NOT, fields, NEAR)", MaxDepth)
	}
	return nil
}

// parseOr parses: and { "OR" and }.
func (p *parser) parseOr(fields fieldSet, inField bool) (node, error) {
	first, err := p.parseAnd(fields, inField)
	if err != nil {
		return nil, err
	}
	kids := []node{first}
	for p.tok.kind == tokOr {
		if err := p.advance(); err != nil {
			return nil, err
		}
		n, err := p.parseAnd(fields, inField)
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	return flatten(kids, false), nil
}

// parseAnd parses: unary { ["AND"] unary }.
func (p *parser) parseAnd(fields fieldSet, inField bool) (node, error) {
	first, err := p.parseUnary(fields, inField)
	if err != nil {
		return nil, err
	}
	kids := []node{first}
	for {
		switch p.tok.kind {
		case tokAnd:
			if err := p.advance(); err != nil {
				return nil, err
			}
		case tokWord, tokPhrase, tokRegex, tokField, tokLParen, tokNot, tokMinus, tokList:
		default:
			return flatten(kids, true), nil
		}
		n, err := p.parseUnary(fields, inField)
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
}

// flatten builds an AND (or OR) of kids, merging nested ANDs (ORs) so
// that the canonical form does not depend on how the query grouped them.
func flatten(kids []node, and bool) node {
	if len(kids) == 1 {
		return kids[0]
	}
	var flat []node
	for _, k := range kids {
		switch k := k.(type) {
		case *andNode:
			if and {
				flat = append(flat, k.kids...)
				continue
			}
		case *orNode:
			if !and {
				flat = append(flat, k.kids...)
				continue
			}
		}
		flat = append(flat, k)
	}
	if and {
		return &andNode{kids: flat}
	}
	return &orNode{kids: flat}
}

// parseUnary parses: ("NOT" | "-") unary | near.
func (p *parser) parseUnary(fields fieldSet, inField bool) (node, error) {
	if p.tok.kind != tokNot && p.tok.kind != tokMinus {
		return p.parseNear(fields, inField)
	}
	op := p.tok
	if err := p.enter(op.off); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	if err := p.advance(); err != nil {
		return nil, err
	}
	if op.kind == tokNot && !startsTerm(p.tok.kind) {
		return nil, p.errorf(p.tok.off, "expected a term after NOT, found %s", p.tok.describe())
	}
	kid, err := p.parseUnary(fields, inField)
	if err != nil {
		return nil, err
	}
	return &notNode{kid: kid}, nil
}

// startsTerm reports whether a token can begin a unary expression.
func startsTerm(k tokKind) bool {
	switch k {
	case tokWord, tokPhrase, tokRegex, tokField, tokLParen, tokNot, tokMinus, tokList:
		return true
	}
	return false
}

// parseNear parses: primary { "NEAR/N" primary }.
func (p *parser) parseNear(fields fieldSet, inField bool) (node, error) {
	start := p.tok.off
	left, err := p.parsePrimary(fields, inField)
	if err != nil {
		return nil, err
	}
	depth := p.depth
	defer func() { p.depth = depth }()
	for p.tok.kind == tokNear {
		near := p.tok
		if err := p.enter(near.off); err != nil {
			return nil, err
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if !startsTerm(p.tok.kind) || p.tok.kind == tokNot || p.tok.kind == tokMinus {
			return nil, p.errorf(p.tok.off, "expected a word, phrase or ( after %s, found %s", near.describe(), p.tok.describe())
		}
		rightStart := p.tok.off
		right, err := p.parsePrimary(fields, inField)
		if err != nil {
			return nil, err
		}
		a, af, err := p.positional(left, start)
		if err != nil {
			return nil, err
		}
		b, bf, err := p.positional(right, rightStart)
		if err != nil {
			return nil, err
		}
		if af != bf {
			return nil, p.errorf(rightStart, "expected the same fields on both sides of %s: %s on the left, %s here", near.describe(), af, bf)
		}
		left = &nearNode{fields: af, expr: &nearPos{a: a, b: b, dist: near.dist}}
	}
	return left, nil
}

// positional turns a NEAR operand into a positional expression: a word,
// prefix or phrase, an OR of those, or another NEAR. It returns the
// fields the operand searches, which must be the same throughout.
func (p *parser) positional(n node, off int) (posExpr, fieldSet, error) {
	switch n := n.(type) {
	case *termNode:
		return n.phrase, n.fields, nil
	case *nearNode:
		return n.expr, n.fields, nil
	case *orNode:
		alts := make([]posExpr, len(n.kids))
		var fields fieldSet
		for i, k := range n.kids {
			a, f, err := p.positional(k, off)
			if err != nil {
				return nil, 0, err
			}
			if i > 0 && f != fields {
				return nil, 0, p.errorf(off, "expected the same fields throughout an operand of NEAR: %s, then %s", fields, f)
			}
			alts[i], fields = a, f
		}
		return &orPos{alts: alts}, fields, nil
	}
	return nil, 0, p.errorf(off, "expected a word, prefix, phrase or an OR of them as an operand of NEAR (not AND, NOT or a regular expression)")
}

// parsePrimary parses: [field ":"] ( "(" or ")" | word | phrase | regex ).
func (p *parser) parsePrimary(fields fieldSet, inField bool) (node, error) {
	t := p.tok
	switch t.kind {
	case tokField:
		if inField {
			return nil, p.errorf(t.off, "expected a term, found the field %q inside another field", t.text+":")
		}
		if err := p.enter(t.off); err != nil {
			return nil, err
		}
		defer func() { p.depth-- }()
		if err := p.advance(); err != nil {
			return nil, err
		}
		switch p.tok.kind {
		case tokLParen, tokWord, tokPhrase, tokRegex, tokList:
		default:
			return nil, p.errorf(p.tok.off, "expected a word, phrase, regular expression or ( after %q, found %s", t.text+":", p.tok.describe())
		}
		f, _ := lookupField(t.text)
		return p.parsePrimary(1<<f, true)
	case tokLParen:
		if err := p.enter(t.off); err != nil {
			return nil, err
		}
		defer func() { p.depth-- }()
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind == tokRParen {
			return nil, p.errorf(p.tok.off, `expected a term inside "()"`)
		}
		n, err := p.parseOr(fields, inField)
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tokRParen {
			return nil, p.errorf(p.tok.off, `expected ")" to close the "(" at %s, found %s`, p.where(t.off), p.tok.describe())
		}
		return n, p.advance()
	case tokList:
		n, err := p.list(t, fields)
		if err != nil {
			return nil, err
		}
		return n, p.advance()
	case tokWord:
		ph, err := p.words(t.text, t.off)
		if err != nil {
			return nil, err
		}
		return &termNode{fields: fields, phrase: ph}, p.advance()
	case tokPhrase:
		ph, err := p.phrase(t.text, t.off+1)
		if err != nil {
			return nil, err
		}
		return &termNode{fields: fields, phrase: ph}, p.advance()
	case tokRegex:
		if t.text == "" {
			return nil, p.errorf(t.off, "expected a regular expression between the slashes")
		}
		if _, err := regexp.Compile(t.text); err != nil {
			msg := strings.TrimPrefix(err.Error(), "error parsing regexp: ")
			return nil, p.errorf(t.off, "expected a valid RE2 regular expression: %s", msg)
		}
		re, err := regexp.Compile("(?i)" + t.text)
		if err != nil {
			return nil, p.errorf(t.off, "expected a valid RE2 regular expression: %v", err)
		}
		return &regexNode{fields: fields, src: t.text, re: re}, p.advance()
	}
	return nil, p.errorf(t.off, "expected a term, found %s", t.describe())
}

// phrase turns the body of "…" (starting at byte offset off) into words.
func (p *parser) phrase(body string, off int) (phrase, error) {
	var ph phrase
	for i := 0; i < len(body); {
		_, n := utf8.DecodeRuneInString(body[i:])
		if startsSpace(body[i:]) {
			i += n
			continue
		}
		j := i
		for j < len(body) && !startsSpace(body[j:]) {
			_, n := utf8.DecodeRuneInString(body[j:])
			j += n
		}
		ws, err := p.words(body[i:j], off+i)
		if err != nil {
			return nil, err
		}
		ph = append(ph, ws...)
		i = j
	}
	if len(ph) == 0 {
		return nil, p.errorf(off-1, "expected words inside the phrase")
	}
	return ph, nil
}

// words turns a bare word (at byte offset off) into a phrase: folding may
// split it ("F-16", "bbc.co.uk"), and a final "*" makes the last word a
// prefix.
func (p *parser) words(text string, off int) (phrase, error) {
	prefix := false
	if i := strings.IndexByte(text, '*'); i >= 0 {
		if i != len(text)-1 {
			return nil, p.errorf(off+i, `expected "*" only at the end of a word`)
		}
		if i == 0 {
			return nil, p.errorf(off, `expected a word before "*"`)
		}
		text, prefix = text[:i], true
	}
	ws := foldWords(text)
	if len(ws) == 0 {
		return nil, p.errorf(off, "expected a term with letters or digits, found %q", text)
	}
	ph := make(phrase, len(ws))
	for i, w := range ws {
		ph[i] = wordPattern{word: w}
	}
	ph[len(ph)-1].prefix = prefix
	return ph, nil
}
