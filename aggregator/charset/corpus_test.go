package charset

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/feedloom/feedloom/internal/corpustest"
)

var (
	headerLine = regexp.MustCompile(`(?m)^Header:\s*Content-type:\s*(.*?)\s*$`)
)

// caseHeader returns the Content-Type and Expect lines of a feedparser
// test case, read from its comment once the case is UTF-8.
func caseHeader(t testing.TB, body []byte) (contentType, expect string) {
	t.Helper()
	text, err := ToUTF8(body, "")
	if err != nil {
		t.Fatalf("ToUTF8: %v", err)
	}
	if m := headerLine.FindSubmatch(text); m != nil {
		contentType = string(m[1])
	}
	if m := corpustest.ExpectLine.FindSubmatch(text); m != nil {
		expect = string(m[1])
	}
	return contentType, expect
}

// bodyContains is a helper for the realworld table.
func bodyContains(out []byte, words []string) []string {
	var missing []string
	for _, w := range words {
		if !bytes.Contains(out, []byte(w)) {
			missing = append(missing, w)
		}
	}
	return missing
}

// illFormed lists feedparser encoding cases that are not well-formed XML
// for reasons that have nothing to do with their encoding.
var illFormed = map[string]string{
	"bozo_invalid-bytes-with-bom.xml": "the document ends inside its closing </rss tag",
}

// htmlLevel lists cases whose expectation is about HTML character
// references in the text, not bytes: sanitize decodes them (&#146; is ’ by
// the HTML rules), and feedparser's repair of double-encoded UTF-8 written
// as references is not attempted.
var htmlLevel = map[string]bool{
	"demoronize-3.xml":        true,
	"double-encoded-html.xml": true,
}

var (
	expectEncoding = regexp.MustCompile(`encoding == '([^']+)'`)
	expectText     = regexp.MustCompile(`^not bozo and (entries\[0\]\['description'\]|feed\['title'\]) == '(.*)'$`)
)

func TestFeedparserEncodingCorpus(t *testing.T) {
	dir := corpustest.Dir(t, "parsers", "feedparser", "tests", "encoding")
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in %s: %v", dir, err)
	}
	var parsed, encodings, rfc7303, texts int
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			contentType, expect := caseHeader(t, body)
			out, err := ToUTF8(body, contentType)
			if err != nil {
				t.Fatalf("ToUTF8: %v", err)
			}
			checkXMLSafe(t, out)
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(out))
			if reason, ok := illFormed[name]; ok {
				if err == nil {
					t.Errorf("expected a parse error (%s)", reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("gofeed cannot parse the result: %v", err)
			}
			parsed++
			if m := expectEncoding.FindStringSubmatch(expect); m != nil {
				got := detect(body, contentType).name
				_, want := lookup(m[1])
				switch {
				case got == want:
				case want == "windows-1252" && got == "utf-8" && isASCII(body):
					// RFC 3023 made text/* without a charset US-ASCII;
					// RFC 7303 dropped that, and the bytes are ASCII.
					rfc7303++
				case want == "gb18030" && got == "gbk":
					// WHATWG maps gb2312 to GBK, a subset of GB18030.
				default:
					t.Fatalf("decoded as %s, want %s (Expect: %s)", got, want, expect)
				}
				encodings++
			}
			m := expectText.FindStringSubmatch(expect)
			if m == nil || htmlLevel[name] {
				return
			}
			want, ok := corpustest.PythonUnescape(m[2])
			if !ok {
				t.Fatalf("cannot decode the expected string in %q", expect)
			}
			got := feed.Title
			if strings.HasPrefix(m[1], "entries") {
				if len(feed.Items) == 0 {
					t.Fatal("no items")
				}
				got = feed.Items[0].Description
			}
			if got != want {
				t.Errorf("%s = %q, want %q", m[1], got, want)
			}
			texts++
		})
	}
	t.Logf("%d cases: %d parsed, %d encodings checked (%d by RFC 7303 rather than RFC 3023), %d texts checked",
		len(files), parsed, encodings, rfc7303, texts)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
