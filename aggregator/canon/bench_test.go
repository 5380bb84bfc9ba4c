package canon

import "testing"

func BenchmarkURL(b *testing.B) {
	for _, bm := range []struct{ name, url string }{
		{"plain", "https://www.example.com/news/2023/02/15/story-slug"},
		{"tracking", "https://www.bbc.co.uk/news/world-europe-65599302?at_medium=RSS&at_campaign=KARANGA"},
		{"escaped", "HTTP://Example.COM:80/caf%c3%a9/./a/../b/?utm_source=x&id=1#comments"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := URL(bm.url); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
