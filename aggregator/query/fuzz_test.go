package query

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzQueries seed the fuzzers: every construct of the language and the
// shapes of its errors.
var fuzzQueries = []string{
	"ukraine", "ukrain*", `"peace talks"`, `"peace talk*"`, "/zelensk(y|yy)/", `/a\/b/`,
	"a b OR c", "NOT a -b", "title:(a OR b) c", "url:https://bbc.co.uk/x", "lead:kyiv",
	"grain NEAR/5 (deal OR corridor)", "a NEAR/1 b NEAR/2 c", "Łódź Зеленський 戦争",
	"(", ")", `"`, "/", "-", "*", "a*b", "title:", "foo:bar", "NEAR/999", "a NEAR/3 /x/",
	"((((a))))", "NOT NOT NOT", "a\nOR\tb", "\xff\xfe", "title:(content:x)", "/(?i)x{1000}{1000}/",
}

// FuzzCompile feeds arbitrary text to the parser: it must never panic,
// must fail only with a *SyntaxError that points inside the query, and
// what it accepts must print a canonical form that reads back the same.
func FuzzCompile(f *testing.F) {
	for _, s := range fuzzQueries {
		f.Add(s)
	}
	if src, err := os.ReadFile(ukraineQueryFile); err == nil {
		f.Add(string(src))
	}
	f.Fuzz(func(t *testing.T, src string) {
		q, err := Compile(src)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Compile(%q): error %T, want *SyntaxError", src, err)
			}
			lines := strings.Split(src, "\n")
			if se.Line < 1 || se.Line > len(lines) {
				t.Fatalf("Compile(%q): line %d of %d", src, se.Line, len(lines))
			}
			if n := utf8.RuneCountInString(lines[se.Line-1]); se.Col < 1 || se.Col > n+1 {
				t.Fatalf("Compile(%q): column %d of a line of %d runes", src, se.Col, n)
			}
			_ = se.Error()
			if c := se.Caret(); strings.Count(c, "\n") != 1 || !strings.HasSuffix(c, "^") {
				t.Fatalf("Compile(%q): caret %q", src, c)
			}
			return
		}
		canon := q.String()
		again, err := Compile(canon)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not compile: %v", canon, src, err)
		}
		if again.String() != canon {
			t.Fatalf("canonical form of %q does not read back:\n%s\n%s", src, canon, again.String())
		}
	})
}

// FuzzMatch compiles a fuzzed query and matches it against a fuzzed
// document: neither may panic, and Explain must agree with Match.
func FuzzMatch(f *testing.F) {
	docs := []Doc{
		{Title: matchDoc.Title, Content: matchDoc.Content},
		{Title: "Łódź", Content: "Зеленський. Second sentence!\nThird line", URL: "https://x.test/%D0%B2"},
		{Title: "", Content: strings.Repeat("war ", 50)},
	}
	for i, q := range fuzzQueries {
		d := docs[i%len(docs)]
		f.Add(q, d.Title, d.Content, "author", "category", d.URL)
	}
	f.Fuzz(func(t *testing.T, query, title, content, author, category, url string) {
		q, err := Compile(query)
		if err != nil {
			return
		}
		p := Prepare(&Doc{
			Title:      title,
			Content:    content,
			Authors:    []string{author, author},
			Categories: []string{category},
			Source:     []string{title},
			URL:        url,
		})
		got := q.Match(p)
		e := q.Explain(p)
		if e.Matched != got {
			t.Fatalf("query %q: Match = %v, Explain says %v\n%s", query, got, e.Matched, e)
		}
		_ = e.String()
	})
}

// FuzzParseWords feeds arbitrary attribute text to the word-list parser
// and compiles a query over the list: no panic, and an accepted list's
// entries are never empty.
func FuzzParseWords(f *testing.F) {
	for _, s := range []string{`bakhmut "kryvyi rih" zelensk*|зеленськ*`, `"`, `a "b`, "|||", "*", "東京 地震", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws, err := ParseWords(s)
		if err != nil {
			return
		}
		for _, w := range ws {
			if strings.TrimSpace(w) == "" {
				t.Fatalf("ParseWords(%q): empty entry in %q", s, ws)
			}
		}
		if _, err := CompileWith("title:@l OR (@l NEAR/2 x)", Lists{"l": ws}); err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("CompileWith: error %T, want *SyntaxError", err)
			}
		}
	})
}
