package feedtest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/feedloom/feedloom/aggregator/sanitize"
)

// Fields is a published document read back by role, in document order.
type Fields struct {
	// Format is "xml" or "json".
	Format string
	// Items counts the RSS items, Atom entries or JSON Feed items.
	Items int
	// HTML holds the bodies a reader renders as HTML: RSS description and
	// content:encoded, Atom content and summary, JSON Feed content_html.
	HTML []string
	// Text holds titles, names and categories, as a reader sees them
	// (XML or JSON escaping undone once).
	Text []string
	// URLs holds every URL the document carries: link, href, src and url
	// attributes, link, uri, url, id, guid and icon elements, JSON Feed
	// url, image and *_url keys.
	URLs []string
}

// xmlHTML names the elements whose character data is HTML (an Atom text
// construct only when its type says html or xhtml).
var xmlHTML = map[string]bool{"description": true, "encoded": true, "content": true, "summary": true, "subtitle": true, "rights": true}

// xmlText names the elements whose character data is plain text.
var xmlText = map[string]bool{"title": true, "name": true, "creator": true, "category": true, "source": true, "via": true, "author": true, "email": true}

// xmlURL names the elements whose character data is a URL or an id that
// may be one.
var xmlURL = map[string]bool{"link": true, "uri": true, "url": true, "id": true, "guid": true, "icon": true, "logo": true, "comments": true, "docs": true}

// urlAttr names the attributes that hold URLs.
var urlAttr = map[string]bool{"href": true, "src": true, "url": true, "link": true, "uri": true, "domain": true}

// Read reads doc, telling JSON from XML by its first character.
func Read(doc []byte) (*Fields, error) {
	if !utf8.Valid(doc) {
		return nil, errors.New("invalid UTF-8")
	}
	if t := bytes.TrimSpace(doc); len(t) > 0 && t[0] == '{' {
		return readJSON(doc)
	}
	return readXML(doc)
}

func readXML(doc []byte) (*Fields, error) {
	f := &Fields{Format: "xml"}
	d := xml.NewDecoder(bytes.NewReader(doc))
	type open struct {
		name string
		role string // "html", "text", "url" or ""
		text strings.Builder
	}
	var stack []*open
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if len(stack) > 0 {
				return nil, errors.New("not well-formed: unclosed elements at the end")
			}
			return f, nil
		}
		if err != nil {
			return nil, fmt.Errorf("not well-formed: %w", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(tok.Name.Local)
			o := &open{name: name}
			typ := ""
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Name.Local)
				switch {
				case key == "type":
					typ = strings.ToLower(a.Value)
				case urlAttr[key]:
					f.URLs = append(f.URLs, a.Value)
				case key == "term" || key == "label" || (key == "title" && name == "link"):
					f.Text = append(f.Text, a.Value)
				}
			}
			if name == "item" || name == "entry" {
				f.Items++
			}
			switch {
			case typ == "xhtml" && xmlHTML[name]:
				var inner struct {
					XML string `xml:",innerxml"`
				}
				if err := d.DecodeElement(&inner, &tok); err != nil {
					return nil, fmt.Errorf("not well-formed: %w", err)
				}
				f.HTML = append(f.HTML, inner.XML)
				continue
			case xmlHTML[name] && (name == "description" || name == "encoded" || typ == "html" || typ == "text/html"):
				o.role = "html"
			case xmlHTML[name] || xmlText[name]:
				o.role = "text"
			case xmlURL[name]:
				o.role = "url"
			}
			stack = append(stack, o)
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(tok)
			}
		case xml.EndElement:
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			s := o.text.String()
			if strings.TrimSpace(s) == "" {
				continue
			}
			switch o.role {
			case "html":
				f.HTML = append(f.HTML, s)
			case "text":
				f.Text = append(f.Text, s)
			case "url":
				f.URLs = append(f.URLs, strings.TrimSpace(s))
			}
		}
	}
}

func readJSON(doc []byte) (*Fields, error) {
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	f := &Fields{Format: "json"}
	if m, ok := v.(map[string]any); ok {
		if items, ok := m["items"].([]any); ok {
			f.Items = len(items)
		}
	}
	walkJSON(f, "", v)
	return f, nil
}

// walkJSON files every string under its key's role.
func walkJSON(f *Fields, key string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			walkJSON(f, k, x)
		}
	case []any:
		for _, x := range v {
			walkJSON(f, key, x)
		}
	case string:
		switch {
		case key == "content_html":
			f.HTML = append(f.HTML, v)
		case key == "title" || key == "name" || key == "tags" || key == "summary" || key == "content_text" || key == "description":
			f.Text = append(f.Text, v)
		case key == "url" || key == "id" || key == "image" || key == "link" || key == "icon" || key == "favicon" ||
			key == "avatar" || key == "banner_image" || strings.HasSuffix(key, "_url") || key == "hubs":
			f.URLs = append(f.URLs, v)
		}
	}
}

// Problems reads doc and returns everything wrong with it as a
// republished document: not readable, a dangerous construct in an HTML
// body, or a dangerous URL. nil means the document is safe to publish.
func Problems(doc []byte) []string {
	f, err := Read(doc)
	if err != nil {
		return []string{err.Error()}
	}
	return f.Problems()
}

// Problems returns the dangerous constructs in f's bodies and URLs.
func (f *Fields) Problems() []string {
	var out []string
	for _, h := range f.HTML {
		for _, d := range sanitize.Dangerous(h) {
			out = append(out, fmt.Sprintf("%s in %q", d, clip(h)))
		}
	}
	for _, u := range f.URLs {
		if DangerousURL(u) {
			out = append(out, fmt.Sprintf("dangerous URL %q", clip(u)))
		}
	}
	return out
}

// DangerousURL reports whether u, published as a link, could run script
// or carry active content: a scripting scheme, or data: (a raster image
// in an img element is the only data: URL feedloom ever publishes, and
// never as a link field).
func DangerousURL(u string) bool {
	return len(sanitize.Dangerous(`<a href="`+html.EscapeString(u)+`">x</a>`)) > 0
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}
