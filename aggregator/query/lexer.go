package query

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of a lexical token of a query.
type tokKind uint8

const (
	tokEOF    tokKind = iota
	tokLParen         // (
	tokRParen         // )
	tokWord           // ukraine, ukrain*, f-16
	tokPhrase         // "peace talks"
	tokRegex          // /zelensk(y|yy)/
	tokField          // title:
	tokOr             // OR
	tokAnd            // AND
	tokNot            // NOT
	tokMinus          // - right before a term
	tokNear           // NEAR/5
	tokList           // @frontline
)

// token is one lexical token: its kind, its text (a word, a phrase's or a
// regular expression's body, a field's name) and its byte offset.
type token struct {
	kind tokKind
	text string
	off  int
	dist int // for tokNear
}

// describe names a token for "expected …, found …" messages.
func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "the end of the query"
	case tokLParen:
		return `"("`
	case tokRParen:
		return `")"`
	case tokPhrase:
		return "a phrase"
	case tokRegex:
		return "a regular expression"
	case tokField:
		return `"` + t.text + `:"`
	case tokMinus:
		return `"-"`
	case tokNear:
		return "NEAR/" + strconv.Itoa(t.dist)
	case tokList:
		return `"@` + t.text + `"`
	}
	return strconv.Quote(t.text)
}

// lexer splits a query into tokens, one at a time.
type lexer struct {
	src string
	pos int
	// afterField is set right after a field prefix: what follows is a
	// term, so "url:https://…" is not read as a second field and
	// "title:OR" is the word "or".
	afterField bool
}

// next returns the next token.
func (l *lexer) next() (token, error) {
	for l.pos < len(l.src) {
		r, n := utf8.DecodeRuneInString(l.src[l.pos:])
		if !unicode.IsSpace(r) {
			break
		}
		l.pos += n
	}
	afterField := l.afterField
	l.afterField = false
	start := l.pos
	if start == len(l.src) {
		return token{kind: tokEOF, off: start}, nil
	}
	switch l.src[start] {
	case '(':
		l.pos++
		return token{kind: tokLParen, off: start}, nil
	case ')':
		l.pos++
		return token{kind: tokRParen, off: start}, nil
	case '"':
		return l.phrase()
	case '/':
		return l.regex()
	case '-':
		l.pos++
		if l.pos == len(l.src) || l.src[l.pos] == ')' || startsSpace(l.src[l.pos:]) {
			return token{}, errorAt(l.src, start, `expected a term right after "-" (no space between them)`)
		}
		return token{kind: tokMinus, off: start}, nil
	}
	return l.word(afterField)
}

// startsSpace reports whether s begins with white space.
func startsSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// phrase lexes "…": everything up to the next double quote.
func (l *lexer) phrase() (token, error) {
	start := l.pos
	end := strings.IndexByte(l.src[start+1:], '"')
	if end < 0 {
		return token{}, errorAt(l.src, start, `expected a closing '"' for the phrase that starts here`)
	}
	l.pos = start + 1 + end + 1
	return token{kind: tokPhrase, text: l.src[start+1 : start+1+end], off: start}, nil
}

// regex lexes /…/: everything up to the next slash that no backslash
// escapes; "\/" stands for a slash.
func (l *lexer) regex() (token, error) {
	start := l.pos
	var b strings.Builder
	for i := start + 1; i < len(l.src); i++ {
		switch c := l.src[i]; {
		case c == '\\' && i+1 < len(l.src) && l.src[i+1] == '/':
			b.WriteByte('/')
			i++
		case c == '\\' && i+1 < len(l.src):
			b.WriteString(l.src[i : i+2])
			i++
		case c == '/':
			l.pos = i + 1
			if l.pos < len(l.src) && l.src[l.pos] != ')' && !startsSpace(l.src[l.pos:]) {
				return token{}, errorAt(l.src, l.pos, "expected white space or \")\" after the regular expression (it takes no flags: matching ignores case already)")
			}
			return token{kind: tokRegex, text: b.String(), off: start}, nil
		default:
			b.WriteByte(c)
		}
	}
	return token{}, errorAt(l.src, start, "expected a closing \"/\" for the regular expression that starts here")
}

// word lexes a bare word, a field prefix or an operator. A word runs up to
// white space, a parenthesis or a double quote.
func (l *lexer) word(afterField bool) (token, error) {
	start := l.pos
	for l.pos < len(l.src) {
		r, n := utf8.DecodeRuneInString(l.src[l.pos:])
		if unicode.IsSpace(r) || r == '(' || r == ')' || r == '"' {
			break
		}
		if r == ':' && !afterField && isFieldName(l.src[start:l.pos]) && !strings.HasPrefix(l.src[l.pos:], "://") {
			name := l.src[start:l.pos]
			f, ok := lookupField(name)
			if !ok {
				return token{}, errorAt(l.src, start, "expected a field name (%s), found %q", fieldList(), name+":")
			}
			l.pos += n
			l.afterField = true
			return token{kind: tokField, text: fieldNames[f], off: start}, nil
		}
		l.pos += n
	}
	text := l.src[start:l.pos]
	if len(text) > 1 && text[0] == '@' {
		return token{kind: tokList, text: text[1:], off: start}, nil
	}
	if afterField {
		return token{kind: tokWord, text: text, off: start}, nil
	}
	switch {
	case text == "OR":
		return token{kind: tokOr, text: text, off: start}, nil
	case text == "AND":
		return token{kind: tokAnd, text: text, off: start}, nil
	case text == "NOT":
		return token{kind: tokNot, text: text, off: start}, nil
	case text == "NEAR" || strings.HasPrefix(text, "NEAR/"):
		digits := strings.TrimPrefix(text, "NEAR/")
		d, err := strconv.Atoi(digits)
		if err != nil || d > maxNear || digits == text || strings.Trim(digits, "0123456789") != "" {
			return token{}, errorAt(l.src, start, "expected NEAR/N with N a number of words from 0 to %d, found %q", maxNear, text)
		}
		return token{kind: tokNear, text: text, off: start, dist: d}, nil
	}
	return token{kind: tokWord, text: text, off: start}, nil
}

// isFieldName reports whether s could name a field: ASCII letters only.
func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
