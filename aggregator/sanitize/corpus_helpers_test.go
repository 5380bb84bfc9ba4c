package sanitize

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// corpusDir returns the shared test corpus beside the repository root
// (../shared/corpus from the directory holding go.mod), skipping the test
// when it is absent, as it is in a fresh clone.
func corpusDir(t testing.TB, parts ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("go.mod not found above the test directory; cannot locate ../shared/corpus")
		}
		dir = parent
	}
	path := filepath.Join(append([]string{dir, "..", "shared", "corpus"}, parts...)...)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("test corpus %s is absent (it lives beside the repository, not in it): %v", path, err)
	}
	return path
}

// pythonLiteral matches one Python string literal, optionally u-prefixed.
var pythonLiteral = regexp.MustCompile(`^u?(?:'''((?s:.*?))'''|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")`)

// pythonStrings decodes an expression made of string literals joined by
// "+", as feedparser's Expect lines write long strings. ok is false when
// the expression is anything else.
func pythonStrings(expr string) (string, bool) {
	var b strings.Builder
	rest := strings.TrimSpace(expr)
	for {
		loc := pythonLiteral.FindStringSubmatchIndex(rest)
		if loc == nil {
			return "", false
		}
		var body string
		for g := 2; g < len(loc); g += 2 {
			if loc[g] >= 0 {
				body = rest[loc[g]:loc[g+1]]
				break
			}
		}
		s, ok := pythonUnescape(body)
		if !ok {
			return "", false
		}
		b.WriteString(s)
		rest = strings.TrimSpace(rest[loc[1]:])
		if rest == "" {
			return b.String(), true
		}
		if rest[0] != '+' {
			return "", false
		}
		rest = strings.TrimSpace(rest[1:])
	}
}

// pythonUnescape decodes the escapes of a Python 3 string literal body:
// \xHH and \uHHHH are code points, unlike Go's \xHH.
func pythonUnescape(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[i]]
		switch {
		case width > 0 && i+width < len(s):
			n, err := strconv.ParseUint(s[i+1:i+1+width], 16, 32)
			if err != nil {
				return "", false
			}
			b.WriteRune(rune(n))
			i += width
		case s[i] == 'n':
			b.WriteByte('\n')
		case s[i] == 't':
			b.WriteByte('\t')
		case s[i] == 'r':
			b.WriteByte('\r')
		case s[i] == '\\' || s[i] == '\'' || s[i] == '"':
			b.WriteByte(s[i])
		default:
			return "", false
		}
	}
	return b.String(), true
}
