package corpustest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Dir returns the shared test corpus beside the repository root
// (../shared/corpus from the directory holding go.mod), skipping the test
// when it is absent, as it is in a fresh clone.
func Dir(t testing.TB, parts ...string) string {
	t.Helper()
	path, err := Path(parts...)
	if err != nil {
		t.Skip(err)
	}
	return path
}

// Path returns the corpus folder or file named by parts, or an error that
// says why it is absent. Fuzz targets use it to seed from the corpus
// where it exists without skipping where it does not.
func Path(parts ...string) (string, error) {
	return SharedPath(append([]string{"corpus"}, parts...)...)
}

// Shared returns a file or folder of ../shared (the tools, the corpus and
// the labelled sets that sit beside the repository), skipping the test
// when it is absent, as it is in a user's clone.
func Shared(t testing.TB, parts ...string) string {
	t.Helper()
	path, err := SharedPath(parts...)
	if err != nil {
		t.Skip(err)
	}
	return path
}

// SharedPath returns the path of parts under ../shared, found from the
// directory holding go.mod, or an error that says why it is absent.
func SharedPath(parts ...string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the test directory; cannot locate ../shared")
		}
		dir = parent
	}
	path := filepath.Join(append([]string{dir, "..", "shared"}, parts...)...)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("%s is absent (../shared lives beside the repository, not in it): %w", path, err)
	}
	return path, nil
}

// ExpectLine matches the Expect line of a feedparser case: what a correct
// parser yields, as a Python expression.
var ExpectLine = regexp.MustCompile(`(?m)^Expect:\s*(.*?)\s*$`)

// ExpectField matches an Expect expression that compares one field of the
// feed or of its first entry with a string: group 1 is the field, group 2
// the Python string expression.
var ExpectField = regexp.MustCompile(`^not bozo and ((?:entries\[0\]|feed)\['\w+'\](?:\[0\]\['value'\])?) == (.*)$`)

// XMLBase matches the first xml:base attribute of a case.
var XMLBase = regexp.MustCompile(`xml:base="([^"]*)"`)

// pythonLiteral matches one Python string literal, optionally u-prefixed.
var pythonLiteral = regexp.MustCompile(`^u?(?:'''((?s:.*?))'''|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")`)

// PythonStrings decodes an expression made of string literals joined by
// "+", as feedparser's Expect lines write long strings. ok is false when
// the expression is anything else.
func PythonStrings(expr string) (string, bool) {
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
		s, ok := PythonUnescape(body)
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

// PythonUnescape decodes the escapes of a Python 3 string literal body:
// \xHH and \uHHHH are code points, unlike Go's \xHH.
func PythonUnescape(s string) (string, bool) {
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

// TextDeviations gives, for the feedparser cases whose expected text
// includes text a browser never shows, the text that must survive instead
// ("" asserts removal only). feedparser's sanitiser follows SGML rules, so
// it keeps text an HTML5 parser, and every browser, reads otherwise:
var TextDeviations = map[string]string{
	// The content of <title> and part of a <script> hidden behind comments.
	"entry_content_crazy.xml":        CrazyText,
	"entry_summary_crazy.xml":        CrazyText,
	"entry_title_crazy.xml":          CrazyText,
	"feed_copyright_crazy.xml":       CrazyText,
	"feed_info_crazy.xml":            CrazyText,
	"feed_subtitle_crazy.xml":        CrazyText,
	"feed_tagline_crazy.xml":         CrazyText,
	"feed_title_crazy.xml":           CrazyText,
	"item_body_crazy.xml":            CrazyText,
	"item_content_encoded_crazy.xml": CrazyText,
	"item_description_crazy.xml":     CrazyText,
	"item_fullitem_crazy.xml":        CrazyText,
	"item_xhtml_body_crazy.xml":      CrazyText,
	// The content of an <iframe>, which is never rendered.
	"entry_content_iframe.xml": "safe",
	"entry_summary_iframe.xml": "safe",
	"feed_info_iframe.xml":     "safe",
	"feed_subtitle_iframe.xml": "safe",
	// "<![CDATA[" outside foreign content is a bogus comment ending at the
	// first ">".
	"item_content_encoded_script_nested_cdata.xml": "]]>",
	// "<!DOCTYPE ~" is a doctype token, not text.
	"xml_declaration_unexpected_character.xml": "",
	// An HTML comment ends only at "-->": "-- nonwhitespace >" does not.
	"xml_malicious_comment.xml": "sa",
}

// CrazyText is the text a browser shows of the "crazy" cases.
const CrazyText = "Did The Javascript Execute? I will execute here, too, if you mouse over me"
