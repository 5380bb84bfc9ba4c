package sanitize

import (
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// TestHostileXMLBase feeds gofeed an Atom document whose xml:base values
// would turn relative links into scripts, and checks that what reaches the
// outputs (content through HTML, links through URL) holds none of them.
func TestHostileXMLBase(t *testing.T) {
	const doc = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="javascript:alert(1)//">
  <title>t</title>
  <link href="feed"/>
  <entry xml:base="data:text/html,">
    <title>e</title>
    <id>urn:x</id>
    <link href="item"/>
    <content type="html">&lt;a href="x"&gt;x&lt;/a&gt;&lt;img src="y.png"&gt;</content>
  </entry>
  <entry xml:base="vbscript:msgbox(1)//">
    <title>f</title>
    <id>urn:y</id>
    <link rel="enclosure" href="audio.mp3" type="audio/mpeg"/>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><a href="z">z</a></div></content>
  </entry>
</feed>`
	feed, err := gofeed.NewParser().Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("gofeed: %v", err)
	}
	if len(feed.Items) != 2 {
		t.Fatalf("got %d items, want 2", len(feed.Items))
	}
	p := New()
	for _, item := range feed.Items {
		for _, field := range []string{item.Content, item.Description} {
			out := p.HTML(field, nil)
			if found := Dangerous(out); len(found) > 0 {
				t.Errorf("HTML(%q) = %q: %q", field, out, found)
			}
			if strings.Contains(out, "href=") || strings.Contains(out, "src=") {
				t.Errorf("HTML(%q) = %q kept a URL made from a hostile base", field, out)
			}
		}
	}
	for _, link := range links(feed) {
		if got := URL(link, nil); got != "" {
			t.Errorf("URL(%q) = %q, want it removed", link, got)
		}
	}
}
