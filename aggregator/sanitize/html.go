package sanitize

import (
	"net/url"
	"strings"
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
