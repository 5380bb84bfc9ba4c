package feedtest

import (
	"slices"
	"testing"
)

func TestProblems(t *testing.T) {
	tests := []struct {
		name, doc string
		bad       bool
	}{
		{"safe rss", `<rss version="2.0"><channel><title>a &amp; b</title><item><title>&lt;b&gt;</title><link>https://x.example/</link><description>&lt;p&gt;hi&lt;/p&gt;</description></item></channel></rss>`, false},
		{"script in rss description", `<rss><channel><item><description>&lt;script&gt;x&lt;/script&gt;</description></item></channel></rss>`, true},
		{"handler in content:encoded", `<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item><content:encoded><![CDATA[<img src="a" onerror="x">]]></content:encoded></item></channel></rss>`, true},
		{"javascript link element", `<rss><channel><item><link> javascript:alert(1)</link></item></channel></rss>`, true},
		{"vbscript enclosure", `<rss><channel><item><enclosure url="vbscript:x" type="audio/mpeg" length="1"/></item></channel></rss>`, true},
		{"atom html content", `<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">&lt;iframe src="https://e.example"&gt;&lt;/iframe&gt;</content></entry></feed>`, true},
		{"atom xhtml content", `<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><a href="javascript:x">x</a></div></content></entry></feed>`, true},
		{"atom text title with markup is text", `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="text">&lt;script&gt;</title></entry></feed>`, false},
		{"atom data link", `<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="data:text/html,x"/></entry></feed>`, true},
		{"json content_html", `{"items":[{"content_html":"<a href=\"javascript:x\">x</a>"}]}`, true},
		{"json image", `{"items":[{"image":"javascript:x"}]}`, true},
		{"json attachment", `{"items":[{"attachments":[{"url":"data:audio/mpeg,x"}]}]}`, true},
		{"json safe", `{"items":[{"title":"<b>","content_html":"<p>ok</p>","url":"https://x.example/"}]}`, false},
		{"ill-formed xml", `<rss><channel></rss>`, true},
		{"invalid json", `{"items":[}`, true},
		{"invalid utf-8", "<rss>\xff</rss>", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Problems([]byte(tc.doc))
			if (len(got) > 0) != tc.bad {
				t.Errorf("Problems = %q, want problems: %v", got, tc.bad)
			}
		})
	}
}

func TestReadRoles(t *testing.T) {
	f, err := Read([]byte(`<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>C</title><item><title>T &lt;1&gt;</title>` +
		`<dc:creator>Ann</dc:creator><category>Cat</category><link>https://l.example/</link><description>&lt;p&gt;D&lt;/p&gt;</description></item></channel></rss>`))
	if err != nil {
		t.Fatal(err)
	}
	if f.Items != 1 || !slices.Contains(f.Text, "T <1>") || !slices.Contains(f.Text, "Ann") || !slices.Contains(f.Text, "Cat") ||
		!slices.Contains(f.URLs, "https://l.example/") || !slices.Contains(f.HTML, "<p>D</p>") {
		t.Errorf("fields = %+v", f)
	}
}
