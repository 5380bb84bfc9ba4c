package opml

import (
	"fmt"
	"strings"
	"testing"
)

// bigOPML is an OPML file of n sources in folders of 100.
func bigOPML(n int) []byte {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\"><head><title>big</title></head>\n<body>\n")
	for i := range n {
		if i%100 == 0 {
			if i > 0 {
				b.WriteString("  </outline>\n")
			}
			fmt.Fprintf(&b, "  <outline text=\"Folder %d\">\n", i/100)
		}
		fmt.Fprintf(&b, "    <outline type=\"rss\" text=\"Source %d\" xmlUrl=\"https://s%d.example/feed.xml\" htmlUrl=\"https://s%d.example/\"/>\n", i, i, i)
	}
	b.WriteString("  </outline>\n</body>\n</opml>\n")
	return []byte(b.String())
}

func BenchmarkRewriteSourceURL(b *testing.B) {
	data := bigOPML(10000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := RewriteSourceURL(data, "https://s5000.example/feed.xml", "https://moved.example/feed.xml"); err != nil {
			b.Fatal(err)
		}
	}
}
