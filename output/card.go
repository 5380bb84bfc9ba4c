package output

import (
	"strconv"
	"strings"
)

// A page lists its items as cards, one "item" template each. Executing
// it costs some twenty reflective calls of html/template's escapers, and
// publishing every item spent more time on cards than on the three feeds
// together. appendCard writes the bytes the template writes (in
// templates/page.tmpl; FuzzCardWriter holds the two to each other and
// fails when the template changes without it) for the cards whose every field it
// escapes as the template does: text and attributes through the
// template's table of replacements, and URLs that the template's URL
// filter passes and its normaliser leaves as they are. Any other card is
// left to the template.

// appendCard appends c's card; ok is false for a card it leaves to the
// template.
func appendCard(b []byte, c *itemCard) (_ []byte, ok bool) {
	if !cardURLs(c) {
		return b, false
	}
	b = append(b, "\n<li><article>"...)
	if t := c.Thumb; t != nil {
		b = append(b, "\n<img class=\"thumb\" src=\""...)
		b = appendHTML(b, t.Src)
		b = append(b, `" width="`...)
		b = strconv.AppendInt(b, int64(t.Width), 10)
		b = append(b, `" height="`...)
		b = strconv.AppendInt(b, int64(t.Height), 10)
		b = append(b, `" alt="`...)
		b = appendHTML(b, t.Alt)
		b = append(b, `" loading="lazy" decoding="async" referrerpolicy="no-referrer">`...)
	}
	b = append(b, "\n<h3>"...)
	b = appendLinked(b, c.Link, c.Title)
	b = append(b, "</h3>\n<p class=\"meta\"><time datetime=\""...)
	b = appendHTML(b, c.ISODate)
	b = append(b, `">`...)
	b = appendHTML(b, c.Date)
	b = append(b, "</time> · "...)
	b = appendLinked(b, c.Source.SiteHref(), c.Source.Label())
	if len(c.Via) > 0 {
		b = append(b, " · also via "...)
		for i, v := range c.Via {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendLinked(b, v.Href(), v.Label())
		}
	}
	b = append(b, "</p>"...)
	if c.Excerpt != "" {
		b = append(b, "\n<p>"...)
		b = appendHTML(b, c.Excerpt)
		b = append(b, "</p>"...)
	}
	return append(b, "\n</article></li>"...), true
}

// cardURLs reports whether every URL of c is one appendCard writes.
func cardURLs(c *itemCard) bool {
	if c.Thumb != nil && !plainURL(c.Thumb.Src) {
		return false
	}
	if !plainURL(c.Link) || !plainURL(c.Source.SiteHref()) {
		return false
	}
	for _, v := range c.Via {
		if !plainURL(v.Href()) {
			return false
		}
	}
	return true
}

// appendLinked appends text, escaped, inside a link to href when there
// is one.
func appendLinked(b []byte, href, text string) []byte {
	if href == "" {
		return appendHTML(b, text)
	}
	b = append(b, `<a href="`...)
	b = appendHTML(b, href)
	b = append(b, `">`...)
	b = appendHTML(b, text)
	return append(b, "</a>"...)
}

// plainURL reports whether html/template writes s, in a URL attribute, as
// it writes any attribute: its scheme is http, https or mailto, or it has
// none, so the filter passes it, and it holds only characters the
// normaliser keeps (ASCII letters and digits, and the marks and
// delimiters of RFC 3986 but for quotes and parentheses; no "%", whose
// handling depends on what follows it).
func plainURL(s string) bool {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		return false
	}
	for i := range len(s) {
		if !urlKept[s[i]] {
			return false
		}
	}
	return true
}

// urlKept is true for the bytes plainURL accepts.
var urlKept = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for _, c := range "-._~!#$&*+,/:;=?@[]" {
		t[c] = true
	}
	return t
}()

// htmlEscapes is what html/template writes for the characters its
// escapers replace in text and in quoted attributes.
var htmlEscapes = [128]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

// appendHTML appends s escaped as html/template escapes text and quoted
// attribute values.
func appendHTML(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 128 && htmlEscapes[c] != "" {
			b = append(b, s[last:i]...)
			b = append(b, htmlEscapes[c]...)
			last = i + 1
		}
	}
	return append(b, s[last:]...)
}
