package query

import (
	"errors"
	"strings"
	"testing"
)

func TestCompileCanonical(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Terms.
		{"word", "Ukraine", "ukraine"},
		{"prefix", "ukrain*", "ukrain*"},
		{"phrase", `"Peace  Talks"`, `"peace talks"`},
		{"phrase with prefix", `"peace talk*"`, `"peace talk*"`},
		{"phrase of one word", `"ukraine"`, "ukraine"},
		{"regex", "/zelensk(y|yy|iy)/", "/zelensk(y|yy|iy)/"},
		{"regex with escaped slash", `/a\/b/`, `/a\/b/`},
		{"word that folding splits", "F-16", `"f 16"`},
		{"prefix after a split", "f-1*", `"f 1*"`},
		{"diacritics folded", "Łódź", "lodz"},
		{"cyrillic folded", "ЗЕЛЕНСЬКИЙ", "zelenskii"},

		// Operators and precedence: NOT > AND > OR.
		{"implicit and", "a b c", "(a AND b AND c)"},
		{"explicit and", "a AND b", "(a AND b)"},
		{"or", "a OR b", "(a OR b)"},
		{"and binds tighter than or", "a b OR c", "((a AND b) OR c)"},
		{"and binds tighter than or, right", "a OR b c", "(a OR (b AND c))"},
		{"explicit and tighter than or", "a OR b AND c", "(a OR (b AND c))"},
		{"not binds tighter than and", "NOT a b", "((NOT a) AND b)"},
		{"minus", "-a b", "((NOT a) AND b)"},
		{"not of a group", "NOT (a OR b)", "(NOT (a OR b))"},
		{"minus of a group", "-(a OR b) c", "((NOT (a OR b)) AND c)"},
		{"double not", "NOT NOT a", "(NOT (NOT a))"},
		{"double minus", "--a", "(NOT (NOT a))"},
		{"parentheses override", "(a OR b) c", "((a OR b) AND c)"},
		{"nested ands merge", "a (b (c d))", "(a AND b AND c AND d)"},
		{"nested ors merge", "a OR (b OR c)", "(a OR b OR c)"},
		{"redundant parentheses", "((a))", "a"},
		{"lower-case operators are words", "a or b and not c", "(a AND or AND b AND and AND not AND c)"},
		{"hyphen inside a word is no minus", "Ukraine-Russia", `"ukraine russia"`},
		{"line breaks are white space", "a\n\tOR\r\nb", "(a OR b)"},

		// Fields.
		{"title", "title:ukraine", "title:ukraine"},
		{"content", "content:ukraine", "content:ukraine"},
		{"author", "author:Smith", "author:smith"},
		{"category", "category:War", "category:war"},
		{"source", "source:BBC", "source:bbc"},
		{"url", "url:bbc.co.uk", `url:"bbc co uk"`},
		{"url with scheme", "url:https://www.bbc.co.uk/news", `url:"https www bbc co uk news"`},
		{"lead", "lead:ukraine", "lead:ukraine"},
		{"field name case", "TITLE:x", "title:x"},
		{"field with space", "title: x", "title:x"},
		{"field on phrase", `title:"peace talks"`, `title:"peace talks"`},
		{"field on prefix", "title:ukrain*", "title:ukrain*"},
		{"field on regex", "url:/bbc\\.co\\.uk/", `url:/bbc\.co\.uk/`},
		{"field on group", "title:(a OR b) c", "((title:a OR title:b) AND c)"},
		{"field on group with not", "title:(a -b)", "(title:a AND (NOT title:b))"},
		{"operator word after field", "title:OR", "title:or"},
		{"not of a field", "-title:a", "(NOT title:a)"},

		// NEAR.
		{"near", "grain NEAR/5 deal", "(grain NEAR/5 deal)"},
		{"near zero", "a NEAR/0 b", "(a NEAR/0 b)"},
		{"near of groups", `(a OR b*) NEAR/3 "c d"`, `((a OR b*) NEAR/3 "c d")`},
		{"near chains left", "a NEAR/2 b NEAR/3 c", "((a NEAR/2 b) NEAR/3 c)"},
		{"near binds tighter than not", "NOT a NEAR/2 b", "(NOT (a NEAR/2 b))"},
		{"near binds tighter than and", "a b NEAR/2 c", "(a AND (b NEAR/2 c))"},
		{"near in a field", "title:(a NEAR/2 b)", "(title:a NEAR/2 title:b)"},
		{"near with same fields", "title:a NEAR/2 title:b", "(title:a NEAR/2 title:b)"},
		{"near of nested near", "(a NEAR/1 b) NEAR/4 c", "((a NEAR/1 b) NEAR/4 c)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Compile(tt.in)
			if err != nil {
				t.Fatalf("Compile(%q): %v", tt.in, err)
			}
			if got := q.String(); got != tt.want {
				t.Errorf("Compile(%q) = %s, want %s", tt.in, got, tt.want)
			}
			// The canonical form reads back as itself.
			again, err := Compile(q.String())
			if err != nil {
				t.Fatalf("Compile(%q) of the canonical form: %v", q.String(), err)
			}
			if again.String() != q.String() {
				t.Errorf("canonical form does not read back: %s became %s", q.String(), again.String())
			}
			if q.Source() != tt.in {
				t.Errorf("Source() = %q, want %q", q.Source(), tt.in)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		line  int
		col   int
		msg   string // a part of the message
		caret string
	}{
		{"empty", "", 1, 1, "found an empty query", "\n^"},
		{"blank", "   ", 1, 4, "found an empty query", "   \n   ^"},
		{"unclosed paren", "(a OR b", 1, 8, `expected ")" to close the "(" at column 1`, "(a OR b\n       ^"},
		{"stray close paren", "a )", 1, 3, `found a ")" that closes no "("`, "a )\n  ^"},
		{"close paren first", ")", 1, 1, `expected a term, found ")"`, ")\n^"},
		{"empty parens", "a ()", 1, 4, `expected a term inside "()"`, "a ()\n   ^"},
		{"or at the end", "a OR", 1, 5, "expected a term, found the end of the query", "a OR\n    ^"},
		{"or at the start", "OR a", 1, 1, `expected a term, found "OR"`, "OR a\n^"},
		{"or twice", "a OR OR b", 1, 6, `expected a term, found "OR"`, "a OR OR b\n     ^"},
		{"not at the end", "a NOT", 1, 6, "expected a term after NOT", "a NOT\n     ^"},
		{"not before or", "NOT OR a", 1, 5, `expected a term after NOT, found "OR"`, "NOT OR a\n    ^"},
		{"lonely minus", "a - b", 1, 3, `expected a term right after "-"`, "a - b\n  ^"},
		{"unclosed phrase", `a "peace talks`, 1, 3, `expected a closing '"'`, "a \"peace talks\n  ^"},
		{"empty phrase", `a ""`, 1, 3, "expected words inside the phrase", "a \"\"\n  ^"},
		{"phrase without words", `"- -"`, 1, 2, "expected a term with letters or digits", "\"- -\"\n ^"},
		{"star inside a word", "ukr*ine", 1, 4, `expected "*" only at the end of a word`, "ukr*ine\n   ^"},
		{"star inside a phrase", `"peace t*lks"`, 1, 9, `expected "*" only at the end of a word`, "\"peace t*lks\"\n        ^"},
		{"star alone", "a *", 1, 3, `expected a word before "*"`, "a *\n  ^"},
		{"no letters", "a !!!", 1, 3, `found "!!!"`, "a !!!\n  ^"},
		{"unknown field", "a titel:war", 1, 3, `expected a field name (title, content, author, category, source, url, lead), found "titel:"`, "a titel:war\n  ^"},
		{"field without term", "title:", 1, 7, `expected a word, phrase, regular expression or ( after "title:"`, "title:\n      ^"},
		{"field before minus", "title:-x", 1, 7, `found "-"`, "title:-x\n      ^"},
		{"field in field", "title:(a content:b)", 1, 10, `found the field "content:" inside another field`, "title:(a content:b)\n         ^"},
		{"unclosed regex", "a /zel", 1, 3, `expected a closing "/"`, "a /zel\n  ^"},
		{"empty regex", "a //", 1, 3, "expected a regular expression between the slashes", "a //\n  ^"},
		{"bad regex", "a /zel(/", 1, 3, "expected a valid RE2 regular expression: missing closing )", "a /zel(/\n  ^"},
		{"regex flags", "/zel/i", 1, 6, "it takes no flags", "/zel/i\n     ^"},
		{"near without number", "a NEAR b", 1, 3, "expected NEAR/N", "a NEAR b\n  ^"},
		{"near too far", "a NEAR/101 b", 1, 3, "from 0 to 100", "a NEAR/101 b\n  ^"},
		{"near sign", "a NEAR/+5 b", 1, 3, "expected NEAR/N", "a NEAR/+5 b\n  ^"},
		{"near at the end", "a NEAR/5", 1, 9, "expected a word, phrase or ( after NEAR/5", "a NEAR/5\n        ^"},
		{"near of not", "a NEAR/5 -b", 1, 10, `found "-"`, "a NEAR/5 -b\n         ^"},
		{"near of and", "(a b) NEAR/5 c", 1, 1, "as an operand of NEAR", "(a b) NEAR/5 c\n^"},
		{"near of regex", "a NEAR/5 /b/", 1, 10, "as an operand of NEAR", "a NEAR/5 /b/\n         ^"},
		{"near across fields", "title:a NEAR/5 b", 1, 16, "expected the same fields on both sides of NEAR/5", "title:a NEAR/5 b\n               ^"},
		{"near group across fields", "(title:a OR b) NEAR/5 c", 1, 1, "expected the same fields throughout an operand of NEAR", "(title:a OR b) NEAR/5 c\n^"},
		{"multi-line", "a\nb OR\n  (c", 3, 5, `expected ")" to close the "(" at line 3, column 3`, "  (c\n    ^"},
		{"columns count runes", "Зеленський OR (", 1, 16, "expected a term", "Зеленський OR (\n               ^"},
		{"wide runes take two cells", "戦争 OR (", 1, 8, "expected a term", "戦争 OR (\n         ^"},
		{"tabs are kept", "a\tOR\t(", 1, 7, "expected a term", "a\tOR\t(\n \t  \t ^"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Compile(tt.in)
			if err == nil {
				t.Fatalf("Compile(%q) = %s, want an error", tt.in, q)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Compile(%q) error %T %v, want *SyntaxError", tt.in, err, err)
			}
			if se.Line != tt.line || se.Col != tt.col {
				t.Errorf("Compile(%q): line %d column %d, want line %d column %d (%v)", tt.in, se.Line, se.Col, tt.line, tt.col, err)
			}
			if !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("Compile(%q): message %q, want it to contain %q", tt.in, se.Msg, tt.msg)
			}
			if got := se.Caret(); got != tt.caret {
				t.Errorf("Compile(%q): caret\n%s\nwant\n%s", tt.in, got, tt.caret)
			}
			if se.Query != tt.in {
				t.Errorf("Query = %q, want %q", se.Query, tt.in)
			}
		})
	}
}

func TestSyntaxErrorString(t *testing.T) {
	_, err := Compile("a OR")
	if got, want := err.Error(), "column 5: expected a term, found the end of the query"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	_, err = Compile("a\nOR")
	if got, want := err.Error(), "line 2, column 3: expected a term, found the end of the query"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestCompileLimits(t *testing.T) {
	tests := []struct {
		name string
		in   string
		msg  string
	}{
		{"too long", strings.Repeat("a ", MaxLength/2+1), "at most 65536 bytes"},
		{"parentheses too deep", strings.Repeat("(", MaxDepth+1) + "a" + strings.Repeat(")", MaxDepth+1), "levels of nesting"},
		{"nots too deep", strings.Repeat("NOT ", MaxDepth+1) + "a", "levels of nesting"},
		{"minuses too deep", strings.Repeat("-", MaxDepth+1) + "a", "levels of nesting"},
		{"nears too many", "a" + strings.Repeat(" NEAR/1 a", MaxDepth+1), "levels of nesting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(tt.in)
			var se *SyntaxError
			if !errors.As(err, &se) || !strings.Contains(se.Msg, tt.msg) {
				t.Fatalf("Compile: error %v, want a SyntaxError about %q", err, tt.msg)
			}
		})
	}
	t.Run("deep but allowed", func(t *testing.T) {
		in := strings.Repeat("(", MaxDepth) + "a" + strings.Repeat(")", MaxDepth)
		if _, err := Compile(in); err != nil {
			t.Errorf("Compile of %d levels: %v", MaxDepth, err)
		}
	})
}
