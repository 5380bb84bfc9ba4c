package sanitize

import (
	"net/url"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/feedloom/feedloom/internal/corpustest"
)

// fuzzSeeds are hostile fragments to start from, beside the table tests.
var fuzzSeeds = []string{
	`<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `<a href="java&#x09;script:x">`,
	`<svg><style><img src=x onerror=alert(1)></style></svg>`, `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">`,
	`<a href="data:text/html;base64,PHNjcmlwdD4=">`, `<img srcset="a 1x, javascript:x 2x">`, `<video poster="javascript:x" autoplay>`,
	`<p style="x:expression(alert(1))">`, `<![CDATA[<script>x</script>]]>`, `<!--><script>x</script>-->`, `<title><script>x</script></title>`,
	`</svg><p>after`, `<frameset><frame></frameset>x`, "\x00<scr\x00ipt>x", `<a href="&#0000106&#0000097vascript:x">`,
	`<img src="data:image/png;base64,iVBORw0KGgo=">`, `<a href="//evil.example/x">`, `<base href="javascript:x//">`,
	"<p>Vector<int> &amp;lt;b&amp;gt; \u0092 &#128;</p>",
}

// FuzzHTML checks that for any input HTML's output has nothing dangerous,
// is XML-safe UTF-8 and is stable under a second pass, and that Text and
// Dangerous do not fail on it either.
func FuzzHTML(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	if article, err := os.ReadFile("testdata/article.html"); err == nil {
		f.Add(string(article))
	}
	for _, body := range corpustest.Seeds("parsers/feedparser/tests/wellformed/sanitize", 1, ".xml") {
		f.Add(string(body))
	}
	p := New()
	base := mustParse("https://example.com/a/b")
	f.Fuzz(func(t *testing.T, s string) {
		out := p.HTML(s, base)
		if found := Dangerous(out); len(found) > 0 {
			t.Fatalf("dangerous output %q\nin:  %q\nout: %q", found, s, out)
		}
		if err := xmlSafeError(out); err != "" {
			t.Fatalf("output not XML-safe (%s): %q", err, out)
		}
		if again := p.HTML(out, base); again != out {
			t.Fatalf("not idempotent\nin:     %q\nonce:   %q\ntwice:  %q", s, out, again)
		}
		if text := Text(s); xmlSafeError(text) != "" || strings.TrimSpace(text) != text {
			t.Fatalf("Text(%q) = %q", s, text)
		}
		if clean, text := CleanText(out), Text(out); clean != text {
			t.Fatalf("CleanText(%q) = %q, Text gives %q", out, clean, text)
		}
	})
}

// FuzzURL checks that URL returns "" or an absolute http(s) URL that is
// free of control characters and comes back unchanged.
func FuzzURL(f *testing.F) {
	for _, seed := range [][2]string{
		{"https://example.com/a?b#c", ""}, {"../x", "https://example.com/a/b"}, {"javascript:alert(1)", ""},
		{"x", "javascript:alert(1)//"}, {" java\tscript:x", "https://example.com/"}, {"//h/p", "http://example.com"},
		{"https://u:p@bücher.example:8080/ü?q=1", ""}, {"data:text/html,x", ""}, {"http:x", ""},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, raw, rawBase string) {
		base, err := url.Parse(rawBase)
		if err != nil {
			base = nil
		}
		got := URL(raw, base)
		if got == "" {
			return
		}
		if !strings.HasPrefix(got, "http://") && !strings.HasPrefix(got, "https://") {
			t.Fatalf("URL(%q, %q) = %q: not http(s)", raw, rawBase, got)
		}
		if err := xmlSafeError(got); err != "" || strings.ContainsAny(got, " \t\n\r") {
			t.Fatalf("URL(%q, %q) = %q: %s", raw, rawBase, got, err)
		}
		if again := URL(got, nil); again != got {
			t.Fatalf("URL(%q) = %q, then %q", raw, got, again)
		}
	})
}

// FuzzCollapse holds collapse, which copies runs of ASCII whole, to the
// rune-at-a-time folding it replaced.
func FuzzCollapse(f *testing.F) {
	f.Add("  Kyiv\t talks\n\n resume \u00a0after\u2028a pause  ")
	f.Add("\x00\x01 \x7f\x85 \xc2\x85 \xff \xed\xa0\x80 \v\f é")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapse(s), collapseByRune(s); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
		}
	})
}

// collapseByRune is collapse as it was: a byte or rune at a time.
func collapseByRune(s string) string {
	s = xmlSafe(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
