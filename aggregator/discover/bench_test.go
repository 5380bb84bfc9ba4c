package discover

import (
	"net/url"
	"strings"
	"testing"
)

func BenchmarkFindFeedLinks(b *testing.B) {
	page := []byte(`<!doctype html><html><head><title>x</title>` + strings.Repeat(`<meta name="x" content="y">`, 200) +
		`<link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>` + strings.Repeat("<p>text <a href='/x'>link</a></p>", 2000) + `</body></html>`)
	base, _ := url.Parse("https://site.example/")
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if len(FindFeedLinks(page, "text/html", base)) != 1 {
			b.Fatal("feed not found")
		}
	}
}
