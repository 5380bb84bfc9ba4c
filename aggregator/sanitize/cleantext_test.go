package sanitize

import (
	"net/url"
	"os"
	"testing"
)

// TestCleanTextMatchesText: on Policy.HTML's output, the fast scan and the
// tokeniser agree.
func TestCleanTextMatchesText(t *testing.T) {
	p := New()
	base, _ := url.Parse("https://example.org/a/")
	article, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]string{
		"article":   string(article),
		"inline":    `<p>Wo<b>rd</b> and <em>more</em><br>next&nbsp;line</p><ul><li>one</li><li>two</li></ul>`,
		"entities":  `AT&amp;T &lt;b&gt; &quot;q&quot; &#x41; caf&eacute;`,
		"hostile":   `<p onclick="x()">a</p><script>b()</script><style>c{}</style><iframe src="x">d</iframe>e<!-- f -->`,
		"attrs":     `<a href="https://x.example/?a=1&amp;b=2" title="x &gt; y">link</a> after`,
		"code-like": `Vector<int> and List<T> x<y`,
		"plain":     `no markup at all`,
	} {
		clean := p.HTML(in, base)
		if got, want := CleanText(clean), Text(clean); got != want {
			t.Errorf("%s: CleanText = %q, Text = %q (HTML %q)", name, got, want, clean)
		}
	}
}

func BenchmarkCleanText(b *testing.B) {
	article, err := os.ReadFile("testdata/article.html")
	if err != nil {
		b.Fatal(err)
	}
	clean := New().HTML(string(article), nil)
	b.SetBytes(int64(len(clean)))
	for _, f := range []struct {
		name string
		fn   func(string) string
	}{{"CleanText", CleanText}, {"Text", Text}} {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(len(clean)))
			for b.Loop() {
				f.fn(clean)
			}
		})
	}
}
