package sanitize

import (
	"net/url"
	"testing"
)

func TestURL(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		base *url.URL
		want string
	}{
		{"absolute", "https://example.com/a?b=c#d", nil, "https://example.com/a?b=c#d"},
		{"http", "http://example.com/", nil, "http://example.com/"},
		{"scheme lowercased", "HTTPS://Example.COM/Path", nil, "https://Example.COM/Path"},
		{"relative", "../x.mp3", testBase, "https://example.com/x.mp3"},
		{"scheme-relative", "//cdn.example.net/x", testBase, "https://cdn.example.net/x"},
		{"relative without base", "/x", nil, ""},
		{"surrounding whitespace", "  \n https://example.com/x \t", nil, "https://example.com/x"},
		{"newline inside", "https://exa\nmple.com/x", nil, "https://example.com/x"},
		{"space escaped", "https://example.com/a b", nil, "https://example.com/a%20b"},
		{"query escaped", "https://example.com/?q=a b&r=é\"<'>", nil, "https://example.com/?q=a%20b&r=%C3%A9%22%3C%27%3E"},
		{"invalid utf-8 in the query", "?\x98", mustParse("http://0"), "http://0?%98"},
		{"invalid utf-8 in the path", "/\x98", testBase, "https://example.com/%98"},
		{"credentials removed", "https://u:p@example.com/x", nil, "https://example.com/x"},
		{"unicode host", "https://Bücher.example:8443/ü", nil, "https://xn--bcher-kva.example:8443/%C3%BC"},
		{"invalid unicode host", "https://\u0301a.example/", nil, ""},
		{"javascript", "javascript:alert(1)", testBase, ""},
		{"javascript mixed case and spaces", " JaVa\tScript:alert(1)", testBase, ""},
		{"vbscript", "vbscript:msgbox(1)", testBase, ""},
		{"data", "data:text/html,<script>alert(1)</script>", testBase, ""},
		{"data image outside img", "data:image/png;base64,iVBORw0KGgo=", testBase, ""},
		{"file", "file:///etc/passwd", testBase, ""},
		{"ftp", "ftp://example.com/f", testBase, ""},
		{"mailto is not a resource", "mailto:a@example.com", testBase, ""},
		{"tel is not a resource", "tel:+1555", testBase, ""},
		{"magnet", "magnet:?xt=urn:btih:abc", testBase, ""},
		{"control character", "https://example.com/\x00x", nil, ""},
		{"c1 control character", "https://example.com/\u0085x", nil, ""},
		{"no host", "http:foo", nil, ""},
		{"empty host", "https:///x", nil, ""},
		{"port without host", "https://:443/x", nil, ""},
		{"colons for a host", "//::", testBase, ""},
		{"host IDNA maps to nothing", "http://\u00ad", nil, ""},
		{"unparseable", "http://[::1/", nil, ""},
		{"bad escape", "https://example.com/%zz", nil, ""},
		{"empty", "", testBase, ""},
		{"hostile javascript base", "x", mustParse("javascript:alert(1)//"), ""},
		{"hostile data base", "x", mustParse("data:text/html,hi"), ""},
		{"base without host", "x", mustParse("http:relative"), ""},
		{"base with a javascript fragment is harmless", "x", mustParse("https://example.com/#javascript:alert(1)"), "https://example.com/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := URL(tt.raw, tt.base); got != tt.want {
				t.Errorf("URL(%q, %v) = %q, want %q", tt.raw, tt.base, got, tt.want)
			}
		})
	}
}

func TestResolveUses(t *testing.T) {
	tests := []struct {
		raw  string
		use  urlUse
		want string
	}{
		{"mailto:a@example.com", useLink, "mailto:a@example.com"},
		{"tel:+1555", useLink, "tel:+1555"},
		{"mailto:", useLink, ""},
		{"mailto:é@example.com?subject=a b", useLink, "mailto:%C3%A9@example.com?subject=a%20b"},
		{"data:image/png;base64,iVBORw0KGgo=", useImage, "data:image/png;base64,iVBORw0KGgo="},
		{"DATA:image/GIF;base64,R0lGOD lhAQ==", useImage, "DATA:image/GIF;base64,R0lGODlhAQ=="},
		{"data:image/webp;name=x.webp;base64,UklGRg==", useImage, "data:image/webp;name=x.webp;base64,UklGRg=="},
		{"data:image/svg+xml;base64,PHN2Zz4=", useImage, ""},
		{"data:image/png,rawbytes", useImage, ""},
		{"data:image/png;base64,iVBO<script>", useImage, ""},
		{"data:image/png;base64,iVBORw0KGgo=", useLink, ""},
		{"mailto:a@example.com", useImage, ""},
	}
	for _, tt := range tests {
		if got := resolve(tt.raw, testBase, tt.use); got != tt.want {
			t.Errorf("resolve(%q, %v) = %q, want %q", tt.raw, tt.use, got, tt.want)
		}
	}
}

func TestResolveSrcset(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"a.png", "https://example.com/blog/a.png"},
		{"a.png 1x, b.png 2x", "https://example.com/blog/a.png 1x, https://example.com/blog/b.png 2x"},
		{"a.png 100w,b.png 200w", "https://example.com/blog/a.png 100w, https://example.com/blog/b.png 200w"},
		{"https://cdn.example/w_100,c_fill/a.png 1.5x", "https://cdn.example/w_100,c_fill/a.png 1.5x"},
		{"a.png,, b.png 2x", "https://example.com/blog/a.png, https://example.com/blog/b.png 2x"},
		{"a.png 1x, javascript:alert(1) 2x", "https://example.com/blog/a.png 1x"},
		{"a.png bogus", ""},
		{"javascript:alert(1)", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := resolveSrcset(tt.in, testBase); got != tt.want {
			t.Errorf("resolveSrcset(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
