package query

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lists are named word lists a query refers to as @name: a list of
// places, people or organisations is written once and used by many
// queries, or many times in one, so a long query stays readable and is
// kept up in one place. Each entry is a word ("bakhmut"), a prefix
// ("zelensk*") or, when it holds white space, a phrase ("kryvyi rih");
// "kyiv|kiev|kijów" is three alternatives on one line, so the spellings of
// one name stay together. @name matches when any entry matches; a field
// prefix applies to every entry (title:@frontline), and a list may be an
// operand of NEAR.
type Lists map[string][]string

// ParseWords splits a list written in one attribute: entries are
// separated by white space, and a double-quoted entry ("kryvyi rih") is
// a phrase. It reports an unclosed quote.
func ParseWords(s string) ([]string, error) {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("expected a closing '\"' for the phrase at byte %d", i+1)
			}
			if e := strings.TrimSpace(s[i+1 : i+1+end]); e != "" {
				out = append(out, e)
			}
			i += end + 2
		case startsSpace(s[i:]):
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
		default:
			j := i
			for j < len(s) && s[j] != '"' && !startsSpace(s[j:]) {
				_, n := utf8.DecodeRuneInString(s[j:])
				j += n
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out, nil
}

// ParseListFile splits a list file: one entry per line, so an entry with
// spaces is a phrase without quotes; blank lines and lines starting with
// "#" are skipped.
func ParseListFile(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// CompileWith parses a query that may refer to the named lists. A
// reference to a list that is not defined is a *SyntaxError at its
// column, as is an entry that is not a valid term.
func CompileWith(src string, lists Lists) (*Query, error) {
	return compile(src, lists)
}

// Lists returns the names of the lists the query refers to, sorted, so a
// configuration check can report lists that no query uses.
func (q *Query) Lists() []string { return q.lists }

// list expands the reference t (@name) into an OR of its entries, each
// searching fields.
func (p *parser) list(t token, fields fieldSet) (node, error) {
	entries, ok := p.lists[t.text]
	if !ok {
		names := make([]string, 0, len(p.lists))
		for n := range p.lists {
			names = append(names, "@"+n)
		}
		sort.Strings(names)
		known := "none is defined"
		if len(names) > 0 {
			known = "defined: " + strings.Join(names, " ")
		}
		return nil, p.errorf(t.off, "expected a defined word list, found unknown @%s (%s; define one with <outline type=\"words\" name=%q words=\"…\"/>)", t.text, known, t.text)
	}
	if p.used == nil {
		p.used = map[string]bool{}
	}
	p.used[t.text] = true
	var kids []node
	for _, e := range entries {
		for _, alt := range strings.Split(e, "|") {
			alt = strings.TrimSpace(alt)
			if alt == "" {
				continue
			}
			ph, err := p.entry(alt)
			if err != nil {
				return nil, p.errorf(t.off, "@%s: entry %q: %s", t.text, alt, err.(*SyntaxError).Msg)
			}
			kids = append(kids, &termNode{fields: fields, phrase: ph})
		}
	}
	if len(kids) == 0 {
		return nil, p.errorf(t.off, "expected @%s to hold at least one entry", t.text)
	}
	return flatten(kids, false), nil
}

// entry parses one list entry: a word, a prefix or a phrase.
func (p *parser) entry(e string) (phrase, error) {
	sub := &parser{lx: lexer{src: e}}
	if strings.ContainsFunc(e, unicode.IsSpace) {
		return sub.phrase(e, 0)
	}
	return sub.words(e, 0)
}
