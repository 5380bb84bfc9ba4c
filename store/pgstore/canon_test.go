package pgstore

import (
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

// Every canonicalisation rule, proved through the store: the same page
// under two spellings, carried by two sources, is one story; links that
// name different pages stay two.
func TestCanonicalURLRulesMergeThroughTheStore(t *testing.T) {
	const base = "https://news.example/2026/11/harbour-festival"
	tests := []struct {
		rule string
		a, b string
		same bool
	}{
		{"scheme and host case", base, "HTTPS://News.EXAMPLE/2026/11/harbour-festival", true},
		{"http and https", base, "http://news.example/2026/11/harbour-festival", true},
		{"leading www.", base, "https://www.news.example/2026/11/harbour-festival", true},
		{"default https port", base, "https://news.example:443/2026/11/harbour-festival", true},
		{"default http port", base, "http://news.example:80/2026/11/harbour-festival", true},
		{"fragment", base, base + "#comments", true},
		{"trailing slash", base, base + "/", true},
		{"dot segments", base, "https://news.example/2026/10/../11/./harbour-festival", true},
		{"escaped unreserved characters", base, "https://news.example/2026/11/harbour%2Dfestival", true},
		{"trailing dot of the host", base, "https://news.example./2026/11/harbour-festival", true},
		{"utm_* parameters", base, base + "?utm_source=rss&utm_medium=feed&utm_campaign=daily", true},
		{"fbclid", base, base + "?fbclid=IwAR0abc", true},
		{"gclid", base, base + "?gclid=EAIaIQ", true},
		{"mc_cid and mc_eid", base, base + "?mc_cid=12ab&mc_eid=34cd", true},
		{"at_medium and at_campaign", base, base + "?at_medium=RSS&at_campaign=KARANGA", true},
		{"ref", base, base + "?ref=rss", true},
		{"cmpid", base, base + "?cmpid=rss", true},
		{"tracking parameter in upper case", base, base + "?UTM_Source=rss", true},
		{"other parameters kept, tracking removed", base + "?id=7&page=2", base + "?id=7&utm_source=x&page=2", true},
		{"host alias bbc.co.uk", "https://www.bbc.co.uk/news/world-67000001", "https://www.bbc.com/news/world-67000001", true},
		{"host alias edition.cnn.com", "https://edition.cnn.com/2026/11/20/world/story", "https://www.cnn.com/2026/11/20/world/story", true},
		{"internationalised host", "https://bücher.example/a", "https://xn--bcher-kva.example/a", true},

		{"different paths", base, "https://news.example/2026/11/harbour-festival-2", false},
		{"path case matters", base, "https://news.example/2026/11/Harbour-Festival", false},
		{"a different parameter value", base + "?id=7", base + "?id=8", false},
		{"parameter order is kept", base + "?a=1&b=2", base + "?b=2&a=1", false},
		{"other host", base, "https://news.example.net/2026/11/harbour-festival", false},
		{"other port", base, "https://news.example:8443/2026/11/harbour-festival", false},
		{"live-blog post anchors", "https://live.example/ukraine-live#h_1a2b3c4d5e", "https://live.example/ukraine-live#h_9f8e7d6c5b", false},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			db := openTest(t, Options{})
			a := raw(srcA, "a1", tt.a, "Harbour festival draws record crowds", 0)
			b := raw(srcB, "b1", tt.b, "Record crowds at the harbour festival", 20)
			if a.CanonicalURL == "" || b.CanonicalURL == "" {
				t.Fatalf("no canonical form: %q → %q, %q → %q", tt.a, a.CanonicalURL, tt.b, b.CanonicalURL)
			}
			poll(t, db, srcA, a)
			poll(t, db, srcB, b)
			all := selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}})
			want := 2
			if tt.same {
				want = 1
			}
			if len(all) != want {
				t.Errorf("%q and %q (%s, %s) gave %d entries, want %d", tt.a, tt.b, a.CanonicalURL, b.CanonicalURL, len(all), want)
			}
			if tt.same && len(all) == 1 {
				if e := all[0]; e.Item.Link != tt.a || len(e.Via) != 1 || e.Via[0].Link != tt.b {
					t.Errorf("entry links %s via %+v: want the first-seen link as published, the other credited", e.Item.Link, e.Via)
				}
			}
		})
	}
}
