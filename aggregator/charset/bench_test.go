package charset

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// benchFeed builds a UTF-8 RSS document of about size bytes with some
// non-ASCII text and the indentation real feeds have.
func benchFeed(size int) string {
	var b strings.Builder
	b.WriteString(decl("UTF-8") + "<rss version=\"2.0\">\n<channel>\n\t<title>Benchmark</title>\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "\t<item>\n\t\t<title>Item %d: Zażółć gęślą jaźń</title>\n\t\t<link>https://example.com/posts/%d</link>\n"+
			"\t\t<description>&lt;p&gt;The quick brown fox jumps over the lazy dog, “again” and again — %d times.&lt;/p&gt;</description>\n"+
			"\t\t<pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate>\n\t</item>\n", i, i, i)
	}
	b.WriteString("</channel>\n</rss>\n")
	return b.String()
}

func BenchmarkToUTF8(b *testing.B) {
	feed := benchFeed(200 << 10)
	utf8Body := []byte(feed)
	legacy := strings.NewReplacer("Zażółć gęślą jaźń", "Café Über", "UTF-8", "windows-1252").Replace(feed)
	latin1, err := charmap.Windows1252.NewEncoder().Bytes([]byte(legacy))
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name        string
		body        []byte
		contentType string
	}{
		{"utf-8", utf8Body, "application/rss+xml; charset=utf-8"},
		{"utf-8-latin1-label", utf8Body, "application/rss+xml; charset=iso-8859-1"},
		{"windows-1252", latin1, ""},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ToUTF8(bc.body, bc.contentType); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
