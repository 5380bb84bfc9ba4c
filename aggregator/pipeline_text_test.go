package aggregator_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator/sanitize"
)

// TestPipelineTextEscapedOnce checks that plain-text fields (titles,
// author names, categories) reach readers with the characters their
// author meant, escaped once in every format: markup in an HTML title is
// markup and goes; plain text keeps "<", "&" and entities as characters,
// except text shaped like a tag, which readers that render the field as
// HTML would run or hide, and which is reduced to its text (see
// output.safeText), so the field reads the same both ways.
func TestPipelineTextEscapedOnce(t *testing.T) {
	const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><entry><id>1</id>%s</entry></feed>`
	const rss = `<rss version="2.0"><channel><title>F</title><item><guid>1</guid>%s</item></channel></rss>`
	tests := []struct {
		name, format, fields string
		want                 []string
	}{
		{"atom text title with escaped markup", atom, `<title type="text">Use &lt;b&gt; for bold</title>`, []string{"Use for bold"}},
		{"atom untyped title is text", atom, `<title>a &lt; b &amp;&amp; c &gt; d</title>`, []string{"a < b && c > d"}},
		{"atom text title with an escaped entity", atom, `<title type="text">AT&amp;amp;T</title>`, []string{"AT&amp;T"}},
		{"atom text title in CDATA", atom, `<title type="text"><![CDATA[<i>x</i> & y]]></title>`, []string{"x & y"}},
		{"atom html title", atom, `<title type="html">&lt;b&gt;Bold&lt;/b&gt; AT&amp;amp;T</title>`, []string{"Bold AT&T"}},
		{"atom xhtml title", atom, `<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><b>x</b> &amp; y</div></title>`, []string{"x & y"}},
		{"atom names and categories are text", atom, `<title>t</title><author><name>&lt;Joe&gt; &amp; Co</name></author><category term="C&amp;D"/><category term="x" label="&lt;tag&gt;"/>`, []string{"& Co", "C&D"}},
		{"rss title with escaped markup", rss, `<title>&lt;b&gt;Bold&lt;/b&gt; news</title>`, []string{"Bold news"}},
		{"rss title double-escaped", rss, `<title>Use &amp;lt;b&amp;gt; &amp;amp; more</title>`, []string{"Use & more"}},
		{"rss title in CDATA", rss, `<title><![CDATA[Q&A: <em>why</em>]]></title>`, []string{"Q&A: why"}},
		{"rss category and author", rss, `<title>t</title><category>Arts &amp; Crafts</category><author>joe@example.com (Joe &amp; Ann)</author>`, []string{"Arts & Crafts"}},
		{"json feed text is text", `{"version":"https://jsonfeed.org/version/1.1","title":"F","items":[{"id":"1",%s}]}`,
			`"title":"a <b> & c","tags":["<t>","R&D"],"authors":[{"name":"<Ann> & Bo"}]`, []string{"a & c", "R&D", "& Bo"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, docs := pipeline(t, []byte(strings.Replace(tc.format, "%s", tc.fields, 1)), "")
			for _, d := range docs {
				for _, w := range tc.want {
					if !slices.Contains(d.fields.Text, w) {
						t.Errorf("%s: %q not among the text fields %q\n%s", d.format, w, d.fields.Text, d.doc)
					}
				}
				for _, f := range d.fields.Text {
					if strings.Contains(f, "<b") || strings.Contains(f, "<t") || strings.Contains(f, "<J") || strings.Contains(f, "<A") || strings.Contains(f, "<i") {
						t.Errorf("%s: text field %q still holds a tag", d.format, f)
					}
				}
			}
		})
	}
}

// TestPipelineJSONContentText checks that JSON Feed's content_text, which
// is plain text, is published as text inside the HTML content.
func TestPipelineJSONContentText(t *testing.T) {
	doc := `{"version":"https://jsonfeed.org/version/1.1","title":"F","items":[{"id":"1","title":"t","content_text":"1 < 2 & <script>alert(1)</script>"}]}`
	_, docs := pipeline(t, []byte(doc), "application/feed+json")
	for _, d := range docs {
		found := false
		for _, h := range d.fields.HTML {
			found = found || sanitize.Text(h) == "1 < 2 & <script>alert(1)</script>"
		}
		if !found {
			t.Errorf("%s: content_text not published as text: %q", d.format, d.fields.HTML)
		}
	}
}
