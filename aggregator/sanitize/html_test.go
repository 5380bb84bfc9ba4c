package sanitize

import (
	"net/url"
	"testing"
)

// testBase is the base most table tests resolve against.
var testBase = mustParse("https://example.com/blog/post.html")

func mustParse(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestHTML(t *testing.T) {
	tests := []struct {
		name string
		in   string
		base *url.URL
		want string
	}{
		// Scripts and event handlers.
		{"script removed with its content", `<script>alert(1)</script>safe`, testBase, `safe`},
		{"uppercase external script", `<SCRIPT SRC=//evil/x.js></SCRIPT>safe`, testBase, `safe`},
		{"event handler", `<img src=x onerror=alert(1)>`, testBase, `<img src="https://example.com/blog/x">`},
		{"event handlers on text", `<p onclick="x()" onmouseover="y">t</p>`, testBase, `<p>t</p>`},
		// Styles.
		{"style attribute and element", `<p style="color:red">t</p><style>p{color:red}</style>`, testBase, `<p>t</p>`},
		{"css expression", `<div style="width:expression(alert(1))">t</div>`, testBase, `<div>t</div>`},
		{"class and id", `<p class="c" id="i">t</p>`, testBase, `<p>t</p>`},
		// Embedded and active content.
		{"iframe", `<iframe src="https://evil/"></iframe>t`, testBase, `t`},
		{"object keeps its fallback text", `<object data="x.swf"><param name=a value=b>fallback</object>`, testBase, `fallback`},
		{"embed", `<embed src="x.swf">t`, testBase, `t`},
		{"frameset", `a<frameset><frame src="x"></frameset> b`, testBase, `a b`},
		{"form and controls", `<form action="/post"><input name=q><button>Go</button><textarea>x</textarea><select><option>o</option></select></form>`, testBase, `Go`},
		{"base meta link", `<base href="https://evil/"><meta http-equiv=refresh content="0;url=https://evil/"><link rel=stylesheet href=x.css>t`, testBase, `t`},
		{"svg script vector", `<svg onload=alert(1)><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>t`, testBase, `t`},
		{"math mutation vector", `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>t`, testBase, `<table></table>t`},
		{"noscript mutation vector", `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>t`, testBase, `<img src="https://example.com/blog/x">&#34;&gt;t`},
		{"template", `<template><img src=x onerror=alert(1)></template>t`, testBase, `t`},
		{"stray end tags do not swallow the rest", `</title><p>after</p></svg><p>more</p>`, testBase, `<p>after</p><p>more</p>`},
		// URL schemes.
		{"javascript links", `<a href="javascript:alert(1)">j</a><a href="JaVaScRiPt:alert(1)">k</a><a href=" &#106;avascript:alert(1)">l</a>`, testBase, `<a>j</a><a>k</a><a>l</a>`},
		{"scheme split by a newline", "<a href=\"java\nscript:alert(1)\">nl</a>", testBase, `<a>nl</a>`},
		{"scheme split by a tab reference", `<a href="java&#x09;script:alert(1)">t</a>`, testBase, `<a>t</a>`},
		{"vbscript data file", `<a href="vbscript:msgbox(1)">v</a><a href="data:text/html;base64,PHNjcmlwdD4=">d</a><a href="file:///etc/passwd">f</a>`, testBase, `<a>v</a><a>d</a><a>f</a>`},
		{"ftp and magnet removed, tel and mailto kept", `<a href="ftp://example.com/f">ftp</a><a href="magnet:?xt=urn:btih:abc">mag</a><a href="tel:+15551234">tel</a><a href="mailto:a@example.com">mail</a>`, testBase, `<a>ftp</a><a>mag</a><a href="tel:+15551234">tel</a><a href="mailto:a@example.com">mail</a>`},
		{"data image in img src", `<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"><img src="data:image/svg+xml;base64,PHN2Zz4=">`, testBase, `<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">`},
		{"data image in a link", `<a href="data:image/png;base64,iVBORw0KGgo=">x</a>`, testBase, `<a>x</a>`},
		{"mailto in img src", `<img src="mailto:a@example.com" alt="x">`, testBase, `<img alt="x">`},
		{"credentials dropped", `<a href="https://user:pass@example.com/private">cred</a>`, testBase, `<a href="https://example.com/private">cred</a>`},
		// Resolution.
		{"relative link, rel and target removed", `<a href="../x?a=1&amp;b=2#f" rel="nofollow" target="_blank">rel</a>`, testBase, `<a href="https://example.com/x?a=1&amp;b=2#f">rel</a>`},
		{"scheme-relative, fragment, empty", `<a href="//cdn.example.net/x">proto</a><a href="#fn1">fn</a><a href="">empty</a>`, testBase, `<a href="https://cdn.example.net/x">proto</a><a href="https://example.com/blog/post.html#fn1">fn</a><a>empty</a>`},
		{"relative without base", `<a href="/x">x</a><img src="y.png" alt="y">`, nil, `<a>x</a><img alt="y">`},
		{"absolute without base", `<a href="https://example.org/">x</a>`, nil, `<a href="https://example.org/">x</a>`},
		{"hostile base", `<a href="x">x</a>`, mustParse("javascript:alert(1)//"), `<a>x</a>`},
		{"space in a URL is not a URL", `<a href="http://example.com/a b">s</a>`, testBase, `<a>s</a>`},
		{"img attributes and srcset", `<img src="/i/a.png" srcset="a.png 1x, /b.png 2x" width="100" height="50" alt="A" title="T" loading="lazy">`, testBase,
			`<img src="https://example.com/i/a.png" srcset="https://example.com/blog/a.png 1x, https://example.com/b.png 2x" width="100" height="50" alt="A" title="T">`},
		{"dangerous srcset candidates", `<img src="https://x/a.png" srcset="javascript:alert(1) 1x, data:image/png;base64,iVBO 2x">`, testBase, `<img src="https://x/a.png">`},
		{"audio and video", `<audio src="a.mp3" autoplay></audio><video src="v.mp4" poster="p.jpg" autoplay controls loop muted><source src="v.webm" type="video/webm"><source src="javascript:x"></video>`, testBase,
			`<audio src="https://example.com/blog/a.mp3" controls=""></audio><video src="https://example.com/blog/v.mp4" poster="https://example.com/blog/p.jpg" controls="" loop="" muted=""><source src="https://example.com/blog/v.webm" type="video/webm"></video>`},
		{"cite", `<blockquote cite="/src">q</blockquote><q cite="javascript:x">q</q>`, testBase, `<blockquote cite="https://example.com/src">q</blockquote><q>q</q>`},
		{"first of repeated attributes wins", `<a href="javascript:x" href="https://ok/">x</a>`, testBase, `<a>x</a>`},
		// Harmless formatting.
		{"headings lists code", `<h1>a</h1><h6>b</h6><ul><li>1</li></ul><ol start="3"><li>2</li></ol><pre><code>x &lt; y</code></pre><hr><sup>s</sup><sub>b</sub><br>`, testBase,
			`<h1>a</h1><h6>b</h6><ul><li>1</li></ul><ol start="3"><li>2</li></ol><pre><code>x &lt; y</code></pre><hr><sup>s</sup><sub>b</sub><br>`},
		{"emphasis", `<p><em>e</em> <strong>s</strong> <b>b</b> <i>i</i> <u>u</u></p>`, testBase, `<p><em>e</em> <strong>s</strong> <b>b</b> <i>i</i> <u>u</u></p>`},
		{"tables", `<table><caption>c</caption><thead><tr><th scope="col">h</th></tr></thead><tbody><tr><td colspan="2" rowspan="x">d</td></tr></tbody></table>`, testBase,
			`<table><caption>c</caption><thead><tr><th scope="col">h</th></tr></thead><tbody><tr><td colspan="2">d</td></tr></tbody></table>`},
		{"figure abbr del ins cite", `<figure><img src="https://x/y.jpg"><figcaption>cap</figcaption></figure><abbr title="HyperText">HTML</abbr><del>d</del><ins>i</ins><cite>c</cite>`, testBase,
			`<figure><img src="https://x/y.jpg"><figcaption>cap</figcaption></figure><abbr title="HyperText">HTML</abbr><del>d</del><ins>i</ins><cite>c</cite>`},
		{"direction and language", `<p dir="rtl" lang="ar">مرحبا</p><p lang="en-GB" dir="sideways">x</p>`, testBase, `<p dir="rtl" lang="ar">مرحبا</p><p lang="en-GB">x</p>`},
		{"unknown elements dropped, text kept", `<font color=red>f</font><center>c</center><blink>b</blink>`, testBase, `fcb`},
		{"comments dropped", `a<!-- <script>x</script> -->b`, testBase, `ab`},
		// Text and characters.
		{"plain text untouched", `plain text, no markup > here`, testBase, `plain text, no markup > here`},
		{"whitespace kept", "tab\tand\nnewline", testBase, "tab\tand\nnewline"},
		{"entities", `a &amp; b &lt;i&gt; &#146; &eacute;`, testBase, `a &amp; b &lt;i&gt; ’ é`},
		{"control characters", "ctrl\x01\x0b\x7f\u0085<b>x\x00</b>&#1;&#128;", testBase, "ctrl…<b>x</b>€"},
		{"plain text control characters", "a\x00b\x1bc\uFFFEd", testBase, "abcd"},
		{"invalid utf-8", "caf\xe9 <b>\xff</b>", testBase, "caf\uFFFD <b>\uFFFD</b>"},
		{"empty", ``, testBase, ``},
	}
	p := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.HTML(tt.in, tt.base)
			if got != tt.want {
				t.Errorf("HTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if found := Dangerous(got); len(found) > 0 {
				t.Errorf("dangerous output: %q", found)
			}
			if err := xmlSafeError(got); err != "" {
				t.Errorf("output not XML-safe: %s", err)
			}
			if again := p.HTML(got, tt.base); again != got {
				t.Errorf("not idempotent: %q", again)
			}
		})
	}
}

func TestHTMLConcurrent(t *testing.T) {
	p := New()
	in := `<p onclick="x">a <a href="/l">link</a><script>x</script></p>`
	want := p.HTML(in, testBase)
	done := make(chan string)
	for range 8 {
		go func() {
			for range 50 {
				if got := p.HTML(in, testBase); got != want {
					done <- got
					return
				}
			}
			done <- want
		}()
	}
	for range 8 {
		if got := <-done; got != want {
			t.Errorf("concurrent HTML = %q, want %q", got, want)
		}
	}
}
