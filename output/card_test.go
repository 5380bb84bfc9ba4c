package output

import (
	"bytes"
	"testing"
)

// FuzzCardWriter: the cards appendCard writes (card.go) must be the bytes
// the "item" template writes for them, whatever their fields hold; the
// seeds are cards it must write itself, so that a change to the template
// that the writer does not follow fails here.
func FuzzCardWriter(f *testing.F) {
	f.Add("Engineers reject chip factory", "https://news.example/2026/12/chip?id=7&src=rss+feed", "The Global Daily", "https://news.example/", "Critics argued that suppliers signed on.", "https://cdn.example/i.jpg", 640, "AP & Friends", true)
	f.Add("Tom & Jerry <3 \"talks\" 'x' +1", "http://a.example/", "", "", "", "", 0, "", false)
	f.Add("", "", "Src\x00", "mailto:desk@a.example", "<p>&amp;</p>", "https://cdn.example/a_b-c~d.png", -1, "", true)
	f.Fuzz(func(t *testing.T, title, link, source, site, excerpt, img string, size int, via string, thumb bool) {
		c := itemCard{Title: title, Link: link, Date: "6 Dec 2026", ISODate: "2026-12-06T05:34:12Z", Excerpt: excerpt,
			Source: sourceView{Title: source, SiteURL: site, URL: link}}
		if thumb {
			c.Thumb = &thumbnail{Src: img, Width: size, Height: size / 2, Alt: title}
		}
		if via != "" {
			c.Via = []sourceView{{Title: via, Link: link}, {SiteURL: site}, {URL: img, Title: excerpt}}
		}
		got, ok := appendCard([]byte("kept"), &c)
		var want bytes.Buffer
		want.WriteString("kept")
		if err := pages.ExecuteTemplate(&want, "item", &c); err != nil {
			t.Fatal(err)
		}
		if !ok {
			if string(got) != "kept" {
				t.Fatalf("appendCard left a card to the template but wrote %q", got)
			}
			return
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("appendCard wrote\n%s\nthe template\n%s", got, want.Bytes())
		}
	})
}

// The fuzz seeds' cards are ones appendCard writes itself; one whose URL
// the template would percent-encode or filter is left to the template.
func TestCardWriterWritesPlainCards(t *testing.T) {
	plain := itemCard{Title: "T", Link: "https://a.example/x?a=1&b=2+3", Source: sourceView{Title: "S", SiteURL: "http://a.example/"},
		Thumb: &thumbnail{Src: "https://cdn.example/i.jpg"}, Via: []sourceView{{Title: "V", Link: "mailto:x@a.example"}}}
	if _, ok := appendCard(nil, &plain); !ok {
		t.Error("appendCard left a plain card to the template")
	}
	for _, u := range []string{"https://a.example/caf%C3%A9", "https://a.example/a b", "javascript:alert(1)", "https://a.example/it's", "data:image/png;base64,AAAA", "https://a.example/é"} {
		c := plain
		c.Link = u
		if _, ok := appendCard(nil, &c); ok {
			t.Errorf("appendCard wrote a card linking to %q itself", u)
		}
	}
}
