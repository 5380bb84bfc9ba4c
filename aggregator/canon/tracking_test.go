package canon

import "testing"

func TestStripTracking(t *testing.T) {
	for in, want := range map[string]string{
		"https://a.example/x?utm_source=rss&id=7&fbclid=abc#top": "https://a.example/x?id=7#top",
		"https://a.example/x?utm_source=rss":                     "https://a.example/x",
		"https://a.example/x?UTM_Medium=feed&b=%20c&gclid=1":     "https://a.example/x?b=%20c",
		"https://a.example/x?id=7&amp=1":                         "https://a.example/x?id=7&amp=1",
		"https://a.example/x?ref=rss&page=2":                     "https://a.example/x?page=2",
		"https://a.example/x?id=1&&utm_id=2":                     "https://a.example/x?id=1",
		"https://a.example/x":                                    "https://a.example/x",
		"https://a.example/x#utm_source=rss":                     "https://a.example/x#utm_source=rss",
		"https://a.example/x?q=a+b&Utm%5FSource=x":               "https://a.example/x?q=a+b",
	} {
		if got := StripTracking(in); got != want {
			t.Errorf("StripTracking(%q) = %q, want %q", in, got, want)
		}
	}
}
