package sanitize

import (
	"slices"
	"testing"
)

func TestDangerous(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`<p>fine <a href="https://x/">x</a> <img src="data:image/png;base64,iVBORw0KGgo="></p>`, nil},
		{`<script>x</script>`, []string{"element <script>"}},
		{`<img src=x onerror=alert(1)>`, []string{"event handler onerror on <img>"}},
		{`<p style="color:red">`, []string{"style attribute on <p>"}},
		{`<p title="expression (1)">`, []string{"CSS expression() in title on <p>"}},
		{`<div style="width: expr/**/ession(alert(1))">`, []string{"style attribute on <div>", "CSS expression() in style on <div>"}},
		{`<a href=" JAVA&#x09;SCRIPT:alert(1)">`, []string{"javascript: URL in href on <a>"}},
		{`<a href="vbscript:x">`, []string{"vbscript: URL in href on <a>"}},
		{`<a href="data:text/html,x">`, []string{"data: URL in href on <a>"}},
		{`<img src="data:image/svg+xml;base64,PHN2Zz4=">`, []string{"data: URL in src on <img>"}},
		{`<img srcset="a.png 1x, javascript:x 2x">`, []string{"javascript: URL in srcset on <img>"}},
		{`<svg><a xlink:href="javascript:x">`, []string{"element <svg>", "javascript: URL in xlink:href on <a>"}},
		{`<form action="javascript:x"><input formaction="javascript:y">`, []string{"element <form>", "javascript: URL in action on <form>", "element <input>", "javascript: URL in formaction on <input>"}},
		{`<iframe></iframe><object></object><embed><base><meta><link><math><applet></applet>`, []string{
			"element <iframe>", "element <object>", "element <embed>", "element <base>", "element <meta>", "element <link>", "element <math>", "element <applet>"}},
		// A tokenizer alone reads the style element's content as raw text;
		// the tree builder knows style is an ordinary element in SVG and
		// that img breaks out of foreign content.
		{`<svg><style><img src=x onerror=alert(1)>`, []string{"element <svg>", "element <style>", "event handler onerror on <img>"}},
	}
	for _, tt := range tests {
		if got := Dangerous(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Dangerous(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
