package output

import (
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
