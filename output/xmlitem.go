package output

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// RSS items and Atom entries are written straight from the entry view,
// in the bytes encoding/xml writes for newRSSItem's and newAtomEntry's
// structs at their depth in the document (FuzzXMLItemWriters holds the
// two to each other). encoding/xml reflects over every field of every
// entry and escapes rune by rune; publishing every item spent more time
// there than on anything else. An episode (podcast data) is left to
// encoding/xml: its dozen optional elements are rare and short.

// Indentation of an item or entry and its children: the channel's items
// are at depth 2 of an RSS document, a feed's entries at depth 1 of an
// Atom document.
const (
	rssItemIn  = "\n    "
	rssChildIn = "\n      "
	atomItemIn = "\n  "
	atomIn     = "\n    "
	atomSubIn  = "\n      "
)

// appendRSSItem appends e's <item>, on its own line; ok is false for an
// entry it leaves to encoding/xml.
func appendRSSItem(b []byte, e *entryView) (_ []byte, ok bool) {
	if e.Podcast != nil {
		return b, false
	}
	b = append(b, rssItemIn+"<item>"...)
	b = appendElem(b, rssChildIn, "title", e.Title)
	b = appendElem(b, rssChildIn, "description", rssDescription(e))
	if e.Content != "" {
		b = append(b, rssChildIn+"<content:encoded>"...)
		b = appendCDATA(b, e.Content)
		b = append(b, "</content:encoded>"...)
	}
	b = append(b, rssChildIn+`<guid isPermaLink="false">`...)
	b = appendEscaped(b, e.ID)
	b = append(b, "</guid>"...)
	b = appendOptElem(b, rssChildIn, "pubDate", rssDate(e.Published))
	b = appendOptElem(b, rssChildIn, "link", e.Link)
	for _, c := range e.Categories {
		b = appendElem(b, rssChildIn, "category", c)
	}
	for _, enc := range e.Enclosures {
		b = append(b, rssChildIn+"<enclosure"...)
		b = appendAttr(b, "url", enc.URL)
		b = append(b, ` length="`...)
		b = strconv.AppendInt(b, enc.Length, 10)
		b = append(b, '"')
		b = appendAttr(b, "type", enc.Type)
		b = append(b, "></enclosure>"...)
	}
	if e.Source.URL != "" {
		b = append(b, rssChildIn+"<source"...)
		b = appendAttr(b, "url", e.Source.URL)
		b = append(b, '>')
		b = appendEscaped(b, e.Source.Label())
		b = append(b, "</source>"...)
	}
	for _, a := range e.Authors {
		b = appendElem(b, rssChildIn, "dc:creator", a.Name)
	}
	for _, s := range e.Via {
		b = append(b, rssChildIn+"<feedloom:via"...)
		b = appendOptAttr(b, "url", s.URL)
		b = appendOptAttr(b, "link", s.Link)
		b = append(b, '>')
		b = appendEscaped(b, s.Title)
		b = append(b, "</feedloom:via>"...)
	}
	b = appendThumbnail(b, rssChildIn, e)
	return append(b, rssItemIn+"</item>"...), true
}

// appendAtomEntry appends e's <entry>, on its own line; ok is false for
// an entry it leaves to encoding/xml.
func appendAtomEntry(b []byte, e *entryView) (_ []byte, ok bool) {
	if e.Podcast != nil {
		return b, false
	}
	b = append(b, atomItemIn+"<entry"...)
	b = appendOptAttr(b, "xml:lang", e.Language)
	b = append(b, '>')
	b = appendElem(b, atomIn, "title", displayTitle(e))
	b = appendElem(b, atomIn, "updated", atomDate(e.Updated))
	b = appendElem(b, atomIn, "id", e.ID)
	b = appendHTMLElem(b, "content", e.Body())
	b = appendOptElem(b, atomIn, "published", atomDate(e.Published))
	if e.Content != "" && e.Summary != "" {
		b = appendHTMLElem(b, "summary", e.Summary)
	}
	for _, a := range e.Authors {
		b = append(b, atomIn+"<author>"...)
		n := len(b)
		b = appendOptElem(b, atomSubIn, "name", a.Name)
		b = appendOptElem(b, atomSubIn, "uri", a.URI)
		b = appendOptElem(b, atomSubIn, "email", a.Email)
		b = appendClose(b, atomIn, "author", len(b) > n)
	}
	if e.Link != "" {
		b = appendAtomLink(b, atomIn, e.Link, "alternate", "text/html", 0, "")
	}
	for _, enc := range e.Enclosures {
		b = appendAtomLink(b, atomIn, enc.URL, "enclosure", enc.Type, enc.Length, "")
	}
	for _, s := range e.Via {
		if href := s.Href(); href != "" {
			b = appendAtomLink(b, atomIn, href, "via", "", 0, s.Title)
		}
	}
	for _, c := range e.Categories {
		b = append(b, atomIn+"<category"...)
		b = appendAttr(b, "term", c)
		b = append(b, "></category>"...)
	}
	if s := e.Source; s.URL != "" || s.Title != "" {
		b = append(b, atomIn+"<source>"...)
		n := len(b)
		b = appendOptElem(b, atomSubIn, "id", s.atomID())
		b = appendOptElem(b, atomSubIn, "title", s.Title)
		b = appendOptElem(b, atomSubIn, "updated", atomDate(e.Updated))
		if s.SiteURL != "" {
			b = appendAtomLink(b, atomSubIn, s.SiteURL, "alternate", "text/html", 0, "")
		}
		if s.URL != "" {
			b = appendAtomLink(b, atomSubIn, s.URL, "self", "", 0, "")
		}
		b = appendClose(b, atomIn, "source", len(b) > n)
	}
	b = appendThumbnail(b, atomIn, e)
	return append(b, atomItemIn+"</entry>"...), true
}

// appendAtomLink appends an Atom <link>; length 0 and empty strings are
// left out, except href, which Atom requires.
func appendAtomLink(b []byte, in, href, rel, typ string, length int64, title string) []byte {
	b = append(b, in...)
	b = append(b, "<link"...)
	b = appendAttr(b, "href", href)
	b = appendOptAttr(b, "rel", rel)
	b = appendOptAttr(b, "type", typ)
	if length > 0 {
		b = append(b, ` length="`...)
		b = strconv.AppendInt(b, length, 10)
		b = append(b, '"')
	}
	b = appendOptAttr(b, "title", title)
	return append(b, "></link>"...)
}

// appendHTMLElem appends an Atom text construct of type html.
func appendHTMLElem(b []byte, name, html string) []byte {
	b = append(b, atomIn+"<"...)
	b = append(b, name...)
	b = append(b, ` type="html">`...)
	b = appendEscaped(b, html)
	return appendClose(b, "", name, false)
}

// appendThumbnail appends e's <media:thumbnail>, when it has a picture.
func appendThumbnail(b []byte, in string, e *entryView) []byte {
	if e.Image == "" {
		return b
	}
	b = append(b, in...)
	b = append(b, "<media:thumbnail"...)
	b = appendAttr(b, "url", e.Image)
	b = appendOptInt(b, "width", e.ImageWidth)
	b = appendOptInt(b, "height", e.ImageHeight)
	return append(b, "></media:thumbnail>"...)
}

// appendElem appends <name>text</name> on a line of its own.
func appendElem(b []byte, in, name, text string) []byte {
	b = append(b, in...)
	b = append(b, '<')
	b = append(b, name...)
	b = append(b, '>')
	b = appendEscaped(b, text)
	return appendClose(b, "", name, false)
}

// appendOptElem is appendElem for an element left out when empty.
func appendOptElem(b []byte, in, name, text string) []byte {
	if text == "" {
		return b
	}
	return appendElem(b, in, name, text)
}

// appendClose closes element name, on a line of its own (indented by in)
// when it had children, as encoding/xml's indentation does.
func appendClose(b []byte, in, name string, children bool) []byte {
	if children {
		b = append(b, in...)
	}
	b = append(b, "</"...)
	b = append(b, name...)
	return append(b, '>')
}

// appendAttr appends ` name="value"`.
func appendAttr(b []byte, name, value string) []byte {
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, `="`...)
	b = appendEscaped(b, value)
	return append(b, '"')
}

// appendOptAttr is appendAttr for an attribute left out when empty.
func appendOptAttr(b []byte, name, value string) []byte {
	if value == "" {
		return b
	}
	return appendAttr(b, name, value)
}

// appendOptInt appends ` name="n"` unless n is 0, as encoding/xml writes
// an int attribute marked omitempty.
func appendOptInt(b []byte, name string, n int) []byte {
	if n == 0 {
		return b
	}
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, `="`...)
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, '"')
}

// appendCDATA appends s as encoding/xml writes a ",cdata" field: nothing
// when empty, else one CDATA section, split wherever s holds "]]>".
func appendCDATA(b []byte, s string) []byte {
	if s == "" {
		return b
	}
	b = append(b, "<![CDATA["...)
	for {
		before, after, found := strings.Cut(s, "]]>")
		if !found {
			break
		}
		b = append(b, before...)
		b = append(b, "]]]]><![CDATA[>"...)
		s = after
	}
	b = append(b, s...)
	return append(b, "]]>"...)
}

// xmlEscapes is the replacement of each ASCII byte that encoding/xml
// escapes in text and attribute values: markup characters, quotes, the
// white space it writes as references, and the control characters XML
// forbids, which it replaces with U+FFFD.
var xmlEscapes = func() (t [utf8.RuneSelf]string) {
	for c := range 0x20 {
		t[c] = "\uFFFD"
	}
	t['\t'], t['\n'], t['\r'] = "&#x9;", "&#xA;", "&#xD;"
	t['"'], t['\''], t['&'], t['<'], t['>'] = "&#34;", "&#39;", "&amp;", "&lt;", "&gt;"
	return t
}()

// xmlAsIs is true for the ASCII bytes encoding/xml writes as they are.
var xmlAsIs = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = xmlEscapes[c] == ""
	}
	return t
}()

// appendEscaped appends s escaped as encoding/xml's EscapeText escapes
// it: the references above, and U+FFFD for invalid UTF-8 and characters
// XML does not allow.
func appendEscaped(b []byte, s string) []byte {
	b = slices.Grow(b, len(s)+len(s)/8)
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if xmlAsIs[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			if esc := xmlEscapes[c]; esc != "" {
				b = append(b, s[last:i]...)
				b = append(b, esc...)
				last = i + 1
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && w == 1) || !isXMLChar(r) {
			b = append(b, s[last:i]...)
			b = append(b, "\uFFFD"...)
			last = i + w
		}
		i += w
	}
	return append(b, s[last:]...)
}
