package output

import (
	"strings"
	"testing"
)

func TestXMLSafe(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"tab\tnl\ncr\r", "tab\tnl\ncr\r"},
		{"nul\x00bell\a", "nulbell"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"nonchar \uFFFE\uFFFF", "nonchar "},
		{"Київ ✓ 𝄞", "Київ ✓ 𝄞"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := xmlSafe(c.in); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestPlain(t *testing.T) {
	cases := []struct{ in, want string }{
		{"  Title  ", "Title"},
		{"two\n lines\tand  gaps", "two lines and gaps"},
		{"\x00", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := plain(c.in); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestAbsURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"https://example.com/a?b=1&c=2", "https://example.com/a?b=1&c=2"},
		{" http://example.com ", "http://example.com"},
		{"/relative", ""},
		{"example.com/x", ""},
		{"file:///etc/passwd", ""},
		{"http://[::1", ""},
		{"mailto:a@example.com", "mailto:a@example.com"},
		{"urn:uuid:1234", "urn:uuid:1234"},
		{"", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := absURL(c.in); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestTextOf(t *testing.T) {
	cases := []struct{ in, want string }{
		{"<p>One &amp; <b>two</b></p><p>three</p>", "One & two three"},
		{"no tags", "no tags"},
		{"<script>var x = '<p>';</script>visible<style>p{}</style>", "visible"},
		{"a<br>b", "a b"},
		{"", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := textOf(c.in); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"one two three four", 12, "one two…"},
		{"Київ Київ Київ", 6, "Київ…"},
		{"abcdefghij", 5, "abcde…"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := excerpt(c.in, c.n); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestCommonLanguage(t *testing.T) {
	mk := func(langs ...string) []entryView {
		var out []entryView
		for _, l := range langs {
			out = append(out, entryView{Language: l})
		}
		return out
	}
	cases := []struct {
		name  string
		langs []string
		want  string
	}{
		{"none", []string{"", ""}, ""},
		{"majority", []string{"uk", "en", "uk"}, "uk"},
		{"tie goes to the first alphabetically", []string{"uk", "en"}, "en"},
		{"tie, other order", []string{"en", "uk", "uk", "en"}, "en"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := commonLanguage(mk(c.langs...)); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// FuzzExcerptOf: an excerpt read from the beginning of a fragment's text
// must be the excerpt of all of it, whatever markup, entities, white
// space and bytes the fragment holds.
func FuzzExcerptOf(f *testing.F) {
	long := strings.Repeat("Kyiv talks resume after a pause in the fighting. ", 40)
	f.Add("<p>"+long+"</p>", uint8(80))
	f.Add("<p>"+strings.Repeat("word\u00a0", 100)+"</p>\n<p>two  spaces</p>", uint8(200))
	f.Add("<b>x</b> &lt;b&gt;bold&lt;/b&gt; "+long+"<script>alert(1)</script> a &lt;i", uint8(30))
	f.Add("<b>€€€€€€€\xe2\x82</b><i>\xacmore</i>", uint8(8)) // a character split by tags
	f.Add("<p>\xc3</p><b>\xa9</b>"+long, uint8(10))
	f.Add("", uint8(0))
	f.Fuzz(func(t *testing.T, fragment string, n uint8) {
		if got, want := excerptOf(fragment, int(n)), excerpt(textOf(fragment), int(n)); got != want {
			t.Errorf("excerptOf(%q, %d) = %q, want %q", fragment, n, got, want)
		}
	})
}
