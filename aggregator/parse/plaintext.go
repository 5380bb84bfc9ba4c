package parse

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"html"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"
)

// gofeed's universal Feed gives every title, summary and content as one
// string and forgets whether the document said it was plain text or HTML.
// The normaliser reads titles with sanitize.Text and bodies with
// Policy.HTML, both of which read their input as HTML, so a plain-text
// value must reach them escaped, or a literal "<b>" in an Atom
// type="text" title would be taken for markup and vanish. markPlainText
// restores the distinction: after it, every text field of the Feed is
// HTML, and the characters a plain-text field held come out verbatim.
//
// Plain text is, in Atom, a text construct whose type is "text" or
// "text/plain" (or absent, without an Atom 0.3 mode), every person's name
// and every category; in JSON Feed, titles, summaries, content_text,
// author names and tags. RSS says nothing and its titles routinely carry
// escaped markup, so RSS fields stay HTML, as feedparser reads them.
func markPlainText(f *gofeed.Feed, utf8Body []byte) {
	switch f.FeedType {
	case "atom":
		markAtom(f, utf8Body)
	case "json":
		markJSON(f)
	}
}

const (
	atom10NS = "http://www.w3.org/2005/Atom"
	atom03NS = "http://purl.org/atom/ns#"
)

// atomTypes is what a second read of an Atom document finds out about its
// text constructs.
type atomTypes struct {
	feedTitle bool
	entries   []entryTypes
}

// entryTypes tells which of an entry's constructs are plain text, and
// which are Atom 0.3 mode="base64" (which gofeed leaves encoded when the
// type is text/*).
type entryTypes struct{ title, summary, content, summary64, content64 bool }

func markAtom(f *gofeed.Feed, body []byte) {
	for _, p := range f.Authors {
		escapePerson(p)
	}
	if !atomNeedsScan(f, body) {
		for _, it := range f.Items {
			if it != nil {
				for _, p := range it.Authors {
					escapePerson(p)
				}
				escapeAll(it.Categories)
			}
		}
		return
	}
	types, ok := scanAtomTypes(body)
	if ok && types.feedTitle {
		f.Title = html.EscapeString(f.Title)
	}
	if !ok || len(types.entries) != len(f.Items) {
		types.entries = nil // cannot align entries with items: leave them as HTML
	}
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		for _, p := range it.Authors {
			escapePerson(p)
		}
		escapeAll(it.Categories)
		if types.entries == nil {
			continue
		}
		t := types.entries[i]
		if t.summary64 {
			it.Description = decodeBase64(it.Description)
		}
		if t.content64 {
			it.Content = decodeBase64(it.Content)
		}
		if t.title {
			it.Title = html.EscapeString(it.Title)
		}
		if t.summary {
			it.Description = html.EscapeString(it.Description)
		}
		if t.content {
			it.Content = html.EscapeString(it.Content)
		}
	}
}

// atomNeedsScan reports whether knowing which constructs are plain text
// can change anything: escaping is the identity on text without "<" or
// "&", and a content's type gofeed keeps in the original feed. Most Atom
// documents (plain titles and summaries, HTML content) then need no second
// read. Atom 0.3 always does: its base64 mode is found only by the scan.
func atomNeedsScan(f *gofeed.Feed, body []byte) bool {
	if bytes.Contains(body, []byte(atom03NS)) {
		return true
	}
	special := func(s string) bool { return strings.ContainsAny(s, "<&") }
	if special(f.Title) {
		return true
	}
	orig, _ := f.OriginalFeed().(*atom.Feed)
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		if special(it.Title) || special(it.Description) || special(it.Content) && !markupContent(orig, i) {
			return true
		}
	}
	return false
}

// markupContent reports whether entry i of the original Atom feed has an
// HTML or XHTML content element.
func markupContent(orig *atom.Feed, i int) bool {
	if orig == nil || i >= len(orig.Entries) || orig.Entries[i] == nil || orig.Entries[i].Content == nil {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(orig.Entries[i].Content.Type)) {
	case "html", "xhtml", "text/html", "application/xhtml+xml":
		return true
	}
	return false
}

// scanAtomTypes reads the type (and Atom 0.3 mode) of the feed's title and
// of each entry's title, summary and content, the way gofeed finds them:
// only Atom (or unqualified) elements that are direct children of the
// root and of its entries. ok is false when the document cannot be read
// to its end.
func scanAtomTypes(body []byte) (atomTypes, bool) {
	var t atomTypes
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var stack []string // local names of the open native elements, "" for others
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return t, true
		}
		if err != nil {
			return t, false
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := ""
			if ns := tok.Name.Space; ns == "" || ns == atom10NS || ns == atom03NS {
				name = strings.ToLower(tok.Name.Local)
			}
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			switch {
			case len(stack) == 1 && name == "entry":
				t.entries = append(t.entries, entryTypes{})
			case len(stack) == 1 && name == "title":
				t.feedTitle = plainConstruct(tok.Attr)
			case len(stack) == 2 && parent == "entry" && len(t.entries) > 0:
				e := &t.entries[len(t.entries)-1]
				switch name {
				case "title":
					e.title = plainConstruct(tok.Attr)
				case "summary":
					e.summary = plainConstruct(tok.Attr)
					e.summary64 = base64Construct(tok.Attr)
				case "content":
					e.content = plainConstruct(tok.Attr) && attrValue(tok.Attr, "src") == ""
					e.content64 = base64Construct(tok.Attr)
				}
			}
			stack = append(stack, name)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// plainConstruct reports whether an Atom text construct with these
// attributes holds plain text, as gofeed decodes it: type "text" or
// "text/plain", or neither type nor mode.
func plainConstruct(attrs []xml.Attr) bool {
	typ := strings.ToLower(strings.TrimSpace(attrValue(attrs, "type")))
	mode := strings.TrimSpace(attrValue(attrs, "mode"))
	return typ == "text" || typ == "text/plain" || typ == "" && mode == ""
}

// base64Construct reports whether an Atom 0.3 construct is base64 of a
// text type, which gofeed does not decode.
func base64Construct(attrs []xml.Attr) bool {
	typ := strings.ToLower(strings.TrimSpace(attrValue(attrs, "type")))
	return strings.EqualFold(strings.TrimSpace(attrValue(attrs, "mode")), "base64") && strings.HasPrefix(typ, "text/")
}

// decodeBase64 decodes s, ignoring line breaks, or returns it unchanged
// when it is not base64.
func decodeBase64(s string) string {
	b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil || !utf8.Valid(b) {
		return s
	}
	return string(b)
}

func attrValue(attrs []xml.Attr, local string) string {
	for _, a := range attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func markJSON(f *gofeed.Feed) {
	f.Title = html.EscapeString(f.Title)
	for _, p := range f.Authors {
		escapePerson(p)
	}
	orig, _ := f.OriginalFeed().(*jsonfeed.Feed)
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		it.Title = html.EscapeString(it.Title)
		it.Description = html.EscapeString(it.Description)
		for _, p := range it.Authors {
			escapePerson(p)
		}
		escapeAll(it.Categories)
		if orig != nil && i < len(orig.Items) && orig.Items[i] != nil &&
			orig.Items[i].ContentHTML == "" && orig.Items[i].ContentText != "" {
			it.Content = html.EscapeString(it.Content)
		}
	}
}

func escapePerson(p *gofeed.Person) {
	if p != nil {
		p.Name = html.EscapeString(p.Name)
	}
}

func escapeAll(ss []string) {
	for i, s := range ss {
		ss[i] = html.EscapeString(s)
	}
}
