package sanitize

import (
	"html"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Hello, world", "Hello, world"},
		{"block elements separate words", "<p>a</p><p>b</p>", "a b"},
		{"line breaks separate words", "one<br>two<br/>three", "one two three"},
		{"list items and cells", "<ul><li>x</li><li>y</li></ul><table><tr><td>1</td><td>2</td></tr></table>", "x y 1 2"},
		{"inline elements do not", "un<b>believ</b><i>able</i> <a href=x>link</a>", "unbelievable link"},
		{"whitespace collapsed and trimmed", "  a \n\t b\u00a0\u00a0c\u2028d  ", "a b c d"},
		{"entities decoded once", "AT&amp;T &lt;b&gt; &eacute;t&eacute; &#8217; &#x2019;", "AT&T <b> été ’ ’"},
		{"double-escaped markup stays visible", "&amp;lt;b&amp;gt;", "&lt;b&gt;"},
		{"markup removed", "<b>bold</b> <img src=x alt=pic> <em>em</em>", "bold em"},
		{"bare ampersand", "AT&T & Co", "AT&T & Co"},
		{"less-than in text", "1 < 2 and 3 > 2", "1 < 2 and 3 > 2"},
		{"code-like tags kept", "Vector<int> and List<T> in C++", "Vector<int> and List<T> in C++"},
		{"namespaced junk removed", "a<o:p></o:p>b<my-widget>c</my-widget>", "abc"},
		{"script and style content dropped", "a<script>var x = 1 < 2;</script><style>p{}</style>b", "ab"},
		{"svg and template content dropped", "a<svg><text>drawn</text></svg>b<template>t</template>c", "abc"},
		{"title content dropped", "<title>head</title>body", "body"},
		{"comments dropped", "a<!-- hidden -->b", "ab"},
		{"windows-1252 references", "don&#146;t &#133;", "don’t …"},
		{"c1 controls", "don\u0092t", "don’t"},
		{"control characters", "a\x00b\x07c\x7f\uFFFF", "abc"},
		{"invalid utf-8", "caf\xe9", "caf\uFFFD"},
		{"feedparser crazy title", "<title>Crazy</title><script>function x(){}</script><h1>Did it?</h1><div onmouseover=x>Mouse</div>", "Did it? Mouse"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestTextOfEscapedPlainText checks the contract for fields known to be
// plain text: escaping them first makes Text return them verbatim, apart
// from whitespace.
func TestTextOfEscapedPlainText(t *testing.T) {
	for _, s := range []string{"AT&T", "Use &lt; for <", "<b>not bold</b>", "x && y", "Vector<int>"} {
		if got := Text(html.EscapeString(s)); got != s {
			t.Errorf("Text(EscapeString(%q)) = %q", s, got)
		}
	}
}
