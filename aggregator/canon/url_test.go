package canon

import (
	"errors"
	"testing"
)

func TestURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// scheme, host, port
		{"scheme lower-cased and folded to https", "HTTP://example.com/a", "https://example.com/a"},
		{"https kept", "https://example.com/a", "https://example.com/a"},
		{"host lower-cased", "https://EXAMPLE.Com/A", "https://example.com/A"},
		{"surrounding space trimmed", "  https://example.com/a\n", "https://example.com/a"},
		{"default http port dropped", "http://example.com:80/a", "https://example.com/a"},
		{"default https port dropped", "https://example.com:443/a", "https://example.com/a"},
		{"443 dropped even on http", "http://example.com:443/a", "https://example.com/a"},
		{"other port kept", "http://example.com:8080/a", "https://example.com:8080/a"},
		{"port leading zeros", "http://example.com:0080/a", "https://example.com/a"},
		{"empty port", "http://example.com:/a", "https://example.com/a"},
		{"user info dropped", "https://user:secret@example.com/a", "https://example.com/a"},
		{"trailing dot of host dropped", "https://example.com./a", "https://example.com/a"},
		{"www folded", "https://www.example.com/a", "https://example.com/a"},
		{"repeated www folded", "https://www.www.example.com/a", "https://example.com/a"},
		{"www as the whole name kept", "https://www/a", "https://www/a"},
		{"other subdomain kept", "https://news.example.com/a", "https://news.example.com/a"},
		{"IDN to punycode", "https://Bücher.example/a", "https://xn--bcher-kva.example/a"},
		{"punycode kept", "https://XN--BCHER-KVA.example/a", "https://xn--bcher-kva.example/a"},
		{"escaped IDN host", "https://b%C3%BCcher.example/a", "https://xn--bcher-kva.example/a"},
		{"IPv6 literal", "http://[2001:DB8::1]:80/a", "https://[2001:db8::1]/a"},
		{"IPv4", "http://192.0.2.1/a", "https://192.0.2.1/a"},

		// path
		{"empty path is slash", "https://example.com", "https://example.com/"},
		{"root kept", "https://example.com/", "https://example.com/"},
		{"trailing slash dropped", "https://example.com/news/story/", "https://example.com/news/story"},
		{"several trailing slashes dropped", "https://example.com/news//", "https://example.com/news"},
		{"inner double slash kept", "https://example.com/a//b", "https://example.com/a//b"},
		{"dot segments resolved", "https://example.com/a/./b/../c", "https://example.com/a/c"},
		{"dot dot above root", "https://example.com/../a", "https://example.com/a"},
		{"escaped dot segment", "https://example.com/a/%2E%2E/b", "https://example.com/b"},
		{"unreserved escapes decoded", "https://example.com/%7Euser/%41%62c", "https://example.com/~user/Abc"},
		{"reserved escapes kept, hex upper-cased", "https://example.com/a%2fb%3f", "https://example.com/a%2Fb%3F"},
		{"non-ASCII path escaped", "https://example.com/café", "https://example.com/caf%C3%A9"},
		{"lower-case escape of non-ASCII", "https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"},
		{"path case kept", "https://example.com/News/Story", "https://example.com/News/Story"},

		// query
		{"utm removed", "https://example.com/a?utm_source=rss&utm_medium=rss&utm_campaign=x", "https://example.com/a"},
		{"utm any case", "https://example.com/a?UTM_Source=rss", "https://example.com/a"},
		{"escaped tracking name", "https://example.com/a?utm%5Fsource=rss", "https://example.com/a"},
		{"BBC at_ tags removed", "https://www.bbc.co.uk/news/uk-1?at_medium=RSS&at_campaign=KARANGA", "https://bbc.com/news/uk-1"},
		{"click ids removed", "https://example.com/a?fbclid=1&gclid=2&msclkid=3", "https://example.com/a"},
		{"mailchimp removed", "https://example.com/a?mc_cid=1&mc_eid=2", "https://example.com/a"},
		{"ref removed", "https://biztoc.com/p/h7769m4w?ref=rss&rd=1", "https://biztoc.com/p/h7769m4w?rd=1"},
		{"cmpid and traffic_source removed", "https://example.com/a?cmpid=rss&traffic_source=rss", "https://example.com/a"},
		{"MSN srcref removed, li kept", "http://www.msn.com/en-us/news/ar-AA1?li=BBnbcA1&srcref=rss", "https://msn.com/en-us/news/ar-AA1?li=BBnbcA1"},
		{"other params kept in order", "https://example.com/a?z=1&utm_source=x&a=2&m=3", "https://example.com/a?z=1&a=2&m=3"},
		{"repeated params kept", "https://example.com/a?id=1&id=2", "https://example.com/a?id=1&id=2"},
		{"param without value kept", "https://example.com/a?print&x=", "https://example.com/a?print&x="},
		{"empty fields dropped", "https://example.com/a?&&x=1&", "https://example.com/a?x=1"},
		{"empty query dropped", "https://example.com/a?", "https://example.com/a"},
		{"query escapes normalised", "https://example.com/a?q=%7efoo%2b+bar&r=%c3%a9", "https://example.com/a?q=~foo%2B+bar&r=%C3%A9"},
		{"utm lookalike kept", "https://example.com/a?utmost=1&reference=2", "https://example.com/a?utmost=1&reference=2"},

		// fragment
		{"fragment dropped", "https://example.com/a#comments", "https://example.com/a"},
		{"empty fragment dropped", "https://example.com/a#", "https://example.com/a"},
		{"CNN live post kept", "https://www.cnn.com/uk/live-news/liz-truss#h_7d79f1bebd5243c0b4056d9db7ea56be", "https://cnn.com/uk/live-news/liz-truss#h_7d79f1bebd5243c0b4056d9db7ea56be"},
		{"Guardian live block kept", "https://www.theguardian.com/world/live/2023/nov/01/x?page=with:block-6543#block-6543f1c2", "https://theguardian.com/world/live/2023/nov/01/x?page=with:block-6543#block-6543f1c2"},
		{"post anchor kept off live pages", "https://example.com/blog#post-1234", "https://example.com/blog#post-1234"},
		{"anchor prefix without id dropped", "https://example.com/blog#post-footer", "https://example.com/blog"},
		{"slug anchor kept on live page", "https://www.nytimes.com/live/2023/11/01/world/gaza#israel-says", "https://nytimes.com/live/2023/11/01/world/gaza#israel-says"},
		{"hashbang route kept", "https://example.com/#!/article/12", "https://example.com/#!/article/12"},
		{"tracking fragment dropped", "https://www.lemonde.fr/a.html#xtor=RSS-3208", "https://lemonde.fr/a.html"},

		// aliases
		{"bbc.co.uk is bbc.com", "https://www.bbc.co.uk/news/health-62797777?at_medium=RSS&at_campaign=KARANGA", "https://bbc.com/news/health-62797777"},
		{"bbc.com", "https://www.bbc.com/news/health-62797777", "https://bbc.com/news/health-62797777"},
		{"edition.cnn.com is cnn.com", "http://edition.cnn.com/webview/us/live-news/club-q/index.html", "https://cnn.com/webview/us/live-news/club-q/index.html"},
		{"www.edition.cnn.com is cnn.com", "https://www.edition.cnn.com/2023/01/01/x/index.html", "https://cnn.com/2023/01/01/x/index.html"},
		{"NPR dated story", "https://www.npr.org/2023/02/15/1157114290/u-n-agencies-seek", "https://npr.org/1157114290"},
		{"NPR section story", "https://www.npr.org/sections/health-shots/2023/02/15/1157114290/slug/", "https://npr.org/1157114290"},
		{"NPR text edition", "https://text.npr.org/1157114290", "https://npr.org/1157114290"},
		{"NPR other page kept", "https://www.npr.org/programs/morning-edition/", "https://npr.org/programs/morning-edition"},
		{"WSJ section path", "https://www.wsj.com/world/europe/mohamed-al-fayed-dies-at-age-94-e7414ad7", "https://wsj.com/articles/mohamed-al-fayed-dies-at-age-94-e7414ad7"},
		{"WSJ articles path", "https://www.wsj.com/articles/mohamed-al-fayed-dies-at-age-94-e7414ad7?mod=rss", "https://wsj.com/articles/mohamed-al-fayed-dies-at-age-94-e7414ad7?mod=rss"},
		{"WSJ without id kept", "https://www.wsj.com/news/world", "https://wsj.com/news/world"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := URL(tt.in)
			if err != nil {
				t.Fatalf("URL(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("URL(%q) = %q, want %q", tt.in, got, tt.want)
			}
			again, err := URL(got)
			if err != nil || again != got {
				t.Errorf("URL(%q) = %q, %v; not idempotent", got, again, err)
			}
		})
	}
}

func TestURLErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"empty", "", ErrNotHTTP},
		{"relative path", "/news/story", ErrNotHTTP},
		{"scheme-relative", "//example.com/a", ErrNotHTTP},
		{"mailto", "mailto:editor@example.com", ErrNotHTTP},
		{"ftp", "ftp://example.com/file", ErrNotHTTP},
		{"tag URI", "tag:example.com,2023:item-1", ErrNotHTTP},
		{"urn guid", "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", ErrNotHTTP},
		{"bad escape", "https://example.com/%zz", ErrInvalid},
		{"control character", "https://example.com/a\x7f", ErrInvalid},
		{"no host", "http:///path", ErrInvalid},
		{"opaque http", "http:example.com", ErrInvalid},
		{"bad port", "http://example.com:99999/", ErrInvalid},
		{"space in host", "http://exa mple.com/", ErrInvalid},
		{"bad IDN", "https://xn--a.ü-/", ErrInvalid},
		{"IPv6 zone", "http://[fe80::1%25en0]/", ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := URL(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("URL(%q) = %q, %v; want error %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestIsTrackingParam(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"utm_source", true}, {"UTM_CONTENT", true}, {"utm_", true}, {"fbclid", true},
		{"at_campaign", true}, {"CMP", true}, {"ref", true}, {"utm%5Fid", true},
		{"id", false}, {"p", false}, {"page", false}, {"utmost", false}, {"refresh", false}, {"q", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsTrackingParam(tt.name); got != tt.want {
				t.Errorf("IsTrackingParam(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

// TestAliasTargets checks the alias tables keep URL idempotent: no target
// is itself folded again.
func TestAliasTargets(t *testing.T) {
	for from, to := range hostAliases {
		if _, ok := hostAliases[to]; ok {
			t.Errorf("host alias %s -> %s: target is an alias too", from, to)
		}
		if len(to) > 4 && to[:4] == "www." {
			t.Errorf("host alias %s -> %s: target starts with www.", from, to)
		}
	}
}
