package output

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// elementsIn parses s as an HTML-rendering reader parses a field.
func elementsIn(s string) []string {
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			out = append(out, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return out
}

func TestSafeText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Harbour opens", "Harbour opens"},
		{"AT&T buys T-Mobile", "AT&T buys T-Mobile"},
		{"x < y and y > z", "x < y and y > z"},
		{"5<10", "5<10"},
		{"a<b", "a< b"},
		{"&lt;script&gt; stays text", "&lt;script&gt; stays text"},
		{"<script>alert(1)</script>Harbour opens", " Harbour opens"},
		{"Bridge <img src=x onerror=alert(1)> closed", "Bridge   closed"},
		{"<b>Kyiv</b>, today", "Kyiv, today"},
		{"Line<br>break", "Line break"},
		{"<!-- note -->Ferry", "Ferry"},
		{"<<b>iframe src=//evil>>Council", ">Council"},
		{"<style>b{}</style>Style", "  Style"},
		{"Jan <Kowalski>", "Jan  "},
	} {
		got := safeText(tt.in)
		if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(tt.want), " ") {
			t.Errorf("safeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if els := elementsIn(got); len(els) > 0 {
			t.Errorf("safeText(%q) = %q reads as HTML with %v", tt.in, got, els)
		}
	}
}

// TestTextOfKeepsPunctuation: inline elements break no word, block ones do.
func TestTextOfKeepsPunctuation(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"<a>vale</a>, an", "vale, an"},
		{"friend<em>'s</em> house", "friend's house"},
		{"<p>One.</p><p>Two.</p>", "One. Two."},
		{"Line<br>break", "Line break"},
		{"<ul><li>a</li><li>b</li></ul>", "a b"},
		{"<b>Kyiv</b>: <i>strikes</i>; <span>more</span>.", "Kyiv: strikes; more."},
		{"&lt;script&gt;alert(1)&lt;/script&gt;Storm", "Storm"},
		{"<div>Block</div>text", "Block text"},
		{"H<sub>2</sub>O", "H2O"},
	} {
		if got := textOf(tt.in); got != tt.want {
			t.Errorf("textOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzSafeText: whatever a field holds, what plain makes of it parses as
// HTML to text only.
func FuzzSafeText(f *testing.F) {
	for _, s := range []string{"<script>x</script>", "a<b", "<<b>i>", "<!--", "</", "<?x>", "&lt;b&gt;", "<a\x00b>", "<svg/onload=1>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, got := range []string{plain(s), textOf(s)} {
			if els := elementsIn(got); len(els) > 0 {
				t.Fatalf("%q became %q, which reads as HTML with %v", s, got, els)
			}
		}
	})
}
