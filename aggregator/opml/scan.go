package opml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// opmlDoc is an OPML file located down to the byte: where each outline
// and the body start and end. feedloom edits the file through it with
// targeted textual changes, so every byte it does not mean to change (the
// user's comments, attribute order and quoting, indentation, line ends,
// unknown attributes) stays as it was.
type opmlDoc struct {
	raw []byte
	// text is raw decoded to UTF-8, for the XML decoder. For UTF-8 files it
	// is raw itself; for single-byte encodings (ISO-8859-1,
	// windows-1252…) each raw byte is one rune of text, so offsets map
	// back by counting runes.
	text  []byte
	utf8  bool
	nodes []outlineNode
	// bodyTagEnd is just after <body>; bodyEndTag is the start of
	// </body>; bodyKids are the top-level outlines.
	bodyTagEnd, bodyEndTag int
	bodyKids               []int
}

// outlineNode is one outline element; offsets are in text.
type outlineNode struct {
	// [start, tagEnd) is the start tag, [start, end) the whole element,
	// [endTag, end) the end tag (empty for <outline/>).
	start, tagEnd, endTag, end int
	selfClosing                bool
	attrs                      []xml.Attr
	kids                       []int
}

// attr reads an attribute as the loader does (see attr in load.go): by
// its name, else by its name in another case.
func (n *outlineNode) attr(name string) string {
	return attr(xml.StartElement{Attr: n.attrs}, name)
}

// isFolder reports whether the outline is a category folder, the way the
// loader sees it: no xmlUrl and not a topic.
func (n *outlineNode) isFolder() bool {
	return n.attr("xmlUrl") == "" && !strings.EqualFold(n.attr("type"), "topic")
}

// name is the folder's name as the loader sees it.
func (n *outlineNode) name() string {
	name := n.attr("text")
	if name == "" {
		name = n.attr("title")
	}
	if name == "" {
		name = "Untitled"
	}
	return strings.ReplaceAll(name, "/", "∕")
}

// declaredEncoding returns the encoding data's XML declaration names as
// the loader reads it, by encoding/xml itself (which asks its
// CharsetReader for any label but UTF-8's), or "" for none. A pattern of
// its own read "<?xml >encoding='latin1'?>" as no declaration where the
// loader read Latin-1, and the two disagreed about every byte past ASCII.
func declaredEncoding(data []byte) string {
	label := ""
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(l string, _ io.Reader) (io.Reader, error) {
		label = l
		return nil, errDeclRead
	}
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return label
		}
		if _, ok := tok.(xml.StartElement); ok {
			return label
		}
	}
}

// errDeclRead stops declaredEncoding's decoder once it has the label.
var errDeclRead = errors.New("declaration read")

// scanOPML locates every outline of data. Files in UTF-8 (or ASCII) and in
// single-byte encodings can be edited; others (UTF-16, Shift_JIS…) are
// refused with advice to convert them.
func scanOPML(data []byte) (*opmlDoc, error) {
	doc := &opmlDoc{raw: data, text: data, utf8: true, bodyEndTag: -1}
	if label := strings.ToLower(declaredEncoding(data)); label != "" {
		if label != "utf-8" && label != "utf8" && label != "us-ascii" && label != "ascii" {
			enc, _ := htmlindex.Get(label)
			cm, ok := enc.(*charmap.Charmap)
			if !ok {
				return nil, fmt.Errorf("feedloom edits OPML files in UTF-8 or a single-byte encoding, not %q; save the file as UTF-8", label)
			}
			text, err := cm.NewDecoder().Bytes(data)
			if err != nil {
				return nil, fmt.Errorf("decode %s: %w", label, err)
			}
			doc.text, doc.utf8 = text, false
		}
	}
	if err := doc.scan(); err != nil {
		return nil, err
	}
	if doc.bodyEndTag < 0 {
		return nil, errors.New("no <body> element")
	}
	return doc, nil
}

func (doc *opmlDoc) scan() error {
	dec := xml.NewDecoder(bytes.NewReader(doc.text))
	dec.Strict = true
	// text is UTF-8 already, whatever the declaration says.
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var stack []int // open outlines; -1 for the body
	inBody := false
	for {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("malformed XML: %w", err)
		}
		end := int(dec.InputOffset())
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "body" && !inBody && len(stack) == 0:
				inBody = true
				doc.bodyTagEnd = end
				stack = append(stack, -1)
			case t.Name.Local == "outline" && inBody:
				i := len(doc.nodes)
				doc.nodes = append(doc.nodes, outlineNode{start: off, tagEnd: end, attrs: t.Attr,
					selfClosing: bytes.HasSuffix(doc.text[off:end], []byte("/>"))})
				if p := stack[len(stack)-1]; p < 0 {
					doc.bodyKids = append(doc.bodyKids, i)
				} else {
					doc.nodes[p].kids = append(doc.nodes[p].kids, i)
				}
				stack = append(stack, i)
			case inBody:
				// Anything else inside the body is left alone.
				if err := dec.Skip(); err != nil {
					return fmt.Errorf("malformed XML: %w", err)
				}
			}
		case xml.EndElement:
			if !inBody || len(stack) == 0 {
				continue
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if top < 0 {
				doc.bodyEndTag = off
				inBody = false
				continue
			}
			n := &doc.nodes[top]
			if n.selfClosing {
				n.endTag, n.end = n.tagEnd, n.tagEnd
			} else {
				n.endTag, n.end = off, end
			}
		}
	}
}

// rawOffset maps an offset in text to one in raw.
func (doc *opmlDoc) rawOffset(off int) int {
	if doc.utf8 {
		return off
	}
	return utf8.RuneCount(doc.text[:off])
}

// sources returns the outlines whose xmlUrl is url.
func (doc *opmlDoc) sources(url string) []int {
	var out []int
	for i := range doc.nodes {
		if doc.nodes[i].attr("xmlUrl") == url {
			out = append(out, i)
		}
	}
	return out
}
