package sanitize

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// HTML returns s sanitised for republishing: harmless formatting kept,
// everything that runs code, loads active content, styles or submits
// removed (see the package documentation), URLs resolved against base and
// vetted, and the result safe to embed in XML: valid UTF-8 with no control
// characters other than tab, newline and carriage return. base may be nil.
//
// HTML is idempotent: HTML(HTML(s)) == HTML(s). It does not balance tags:
// an element left open stays open, which a reader confines to the item it
// renders.
func (p *Policy) HTML(s string, base *url.URL) string {
	if !strings.ContainsAny(s, "<&") {
		// Plain text: nothing to parse, and bluemonday would change
		// nothing but the quotes it escapes, which are harmless in text.
		return xmlSafe(s)
	}
	if !p.full && strings.IndexByte(s, '<') < 0 {
		return xmlSafe(escapeText(s))
	}
	if hasSkippedEndTag(s) {
		s = dropStrayEndTags(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	if err := p.bm.SanitizeReaderToWriter(strings.NewReader(s), &b); err != nil {
		// Only a tokeniser error other than EOF gets here, which
		// x/net/html does not produce for string input; fail closed.
		return ""
	}
	return xmlSafe(fixURLs(b.String(), base))
}

// escapeText is what bluemonday makes of HTML without a tag: a single text
// token, whose data the tokeniser gives with line ends normalised to "\n"
// and character references decoded, and which it writes back escaped by
// Token.String. That costs a tokeniser, a token and two buffers per field
// for what is, in most feeds, a plain-text summary with an apostrophe.
func escapeText(s string) string {
	return html.EscapeString(html.UnescapeString(normaliseNewlines(s)))
}

// normaliseNewlines turns "\r\n" and a lone "\r" into "\n", as the HTML
// tokeniser does to text.
func normaliseNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
