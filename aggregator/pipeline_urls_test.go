package aggregator_test

import (
	"strings"
	"testing"
)

// TestPipelineHostileURLs checks that no URL feedloom publishes (item
// links, enclosures, images, src and href inside content, the source's
// site) can run script, whether the document wrote it absolute or made it
// absolute through a hostile xml:base, while the harmless links survive.
func TestPipelineHostileURLs(t *testing.T) {
	tests := []struct {
		name, doc string
		keep      []string // URLs that must still be published
	}{
		{"atom xml:base javascript on the feed", `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="javascript:alert(1)//"><title>f</title><link href="home"/>
			<entry><id>1</id><title>t</title><link href="post"/><link rel="enclosure" href="a.mp3" type="audio/mpeg"/>
			<content type="html">&lt;a href="rel"&gt;r&lt;/a&gt; &lt;img src="i.png"&gt; &lt;a href="https://ok.example/x"&gt;ok&lt;/a&gt;</content></entry></feed>`,
			[]string{"https://ok.example/x"}},
		{"atom xml:base on the entry and the content", `<feed xmlns="http://www.w3.org/2005/Atom"><title>f</title>
			<entry xml:base="vbscript:msgbox(1)//"><id>1</id><title>t</title><link href="post"/>
			<content type="html" xml:base="data:text/html;base64,PHNjcmlwdD4=">&lt;a href="x"&gt;x&lt;/a&gt;&lt;img src="y"&gt;</content></entry></feed>`, nil},
		{"atom hostile self link and id", `<feed xmlns="http://www.w3.org/2005/Atom"><title>f</title><id>javascript:alert(0)</id>
			<link rel="self" href="javascript:alert(1)"/><link rel="alternate" href="data:text/html,x"/>
			<entry><id>javascript:alert(2)</id><title>t</title><link rel="alternate" href="https://ok.example/e"/></entry></feed>`,
			[]string{"https://ok.example/e"}},
		{"atom absolute hostile links", `<feed xmlns="http://www.w3.org/2005/Atom"><title>f</title>
			<entry><id>1</id><title>t</title><link href="javascript:alert(1)"/><link rel="enclosure" href=" JaVaScRiPt:alert(1)"/>
			<link rel="enclosure" href="https://cdn.example/ep.mp3" type="audio/mpeg" length="10"/>
			<content type="html">&lt;a href="java&amp;#x09;script:alert(1)"&gt;a&lt;/a&gt;&lt;img src="data:text/html,x"&gt;&lt;img src="data:image/png;base64,iVBORw0KGgo="&gt;</content></entry></feed>`,
			[]string{"https://cdn.example/ep.mp3"}},
		{"rss hostile links, enclosures and images", `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>f</title><link>javascript:alert(1)</link>
			<item><guid isPermaLink="true">javascript:alert(2)</guid><title>t</title><link>vbscript:msgbox(1)</link>
			<enclosure url="data:audio/mpeg;base64,AAAA" type="audio/mpeg" length="4"/><media:content url="javascript:x" medium="image"/>
			<description>&lt;a href="/ok"&gt;ok&lt;/a&gt;&lt;iframe src="https://evil.example"&gt;&lt;/iframe&gt;</description></item></channel></rss>`, nil},
		{"rss xml:base javascript", `<rss version="2.0"><channel xml:base="javascript:alert(1)//"><title>f</title>
			<item xml:base="javascript:alert(2)//"><guid>1</guid><title>t</title><link>post</link><description>&lt;a href="rel"&gt;r&lt;/a&gt;</description></item></channel></rss>`, nil},
		{"json feed hostile urls", `{"version":"https://jsonfeed.org/version/1.1","title":"f","home_page_url":"javascript:alert(1)",
			"items":[{"id":"javascript:alert(2)","url":"javascript:alert(3)","external_url":"vbscript:x","image":"data:text/html,x","banner_image":"javascript:y",
			"content_html":"<a href=\"javascript:z\">z</a><a href=\"https://ok.example/j\">j</a>",
			"attachments":[{"url":"javascript:a","mime_type":"audio/mpeg"},{"url":"https://ok.example/a.mp3","mime_type":"audio/mpeg"}]}]}`,
			[]string{"https://ok.example/j", "https://ok.example/a.mp3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, docs := pipeline(t, []byte(tc.doc), "")
			if len(n.Items) == 0 {
				t.Fatal("no items: the hostile parts must go, not the item")
			}
			for _, d := range docs {
				all := strings.Join(append(append([]string{}, d.fields.URLs...), d.fields.HTML...), " ")
				for _, k := range tc.keep {
					if !strings.Contains(all, k) {
						t.Errorf("%s: harmless URL %s was lost\n%s", d.format, k, d.doc)
					}
				}
				for _, bad := range []string{"javascript:", "vbscript:", "data:text"} {
					if strings.Contains(strings.ToLower(all), bad) {
						t.Errorf("%s: %s left in a published URL or body\n%s", d.format, bad, d.doc)
					}
				}
			}
		})
	}
}
