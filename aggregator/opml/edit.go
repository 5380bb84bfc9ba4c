package opml

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The OPML file is the user's: feedloom changes it only through these
// functions, each a targeted textual edit. Every byte outside the edit
// (comments, attribute order and quoting, indentation, line ends, unknown
// attributes, other outlines) is kept as it was.

// ErrSourceNotFound is returned when no outline has the xmlUrl to edit.
var ErrSourceNotFound = errors.New("no outline has this xmlUrl")

// ErrDuplicateSource is returned when adding a source the file already
// lists.
var ErrDuplicateSource = errors.New("the OPML file already lists this source")

// NewOutline is a source to add to an OPML file.
type NewOutline struct {
	// Title names the source (the outline's text and title); the URL
	// stands in when it is empty.
	Title string
	// XMLURL is the feed's URL; HTMLURL its web site (optional).
	XMLURL, HTMLURL string
	// Category is the folder path to add it to ("News/Europe"); missing
	// folders are created at the end of the body (or of the deepest
	// folder that exists). Empty adds it at the top level.
	Category string
}

// edit replaces text[start:end] with s (offsets in the scanned text).
type edit struct {
	start, end int
	s          string
}

// apply makes the edits on the raw bytes.
func (doc *opmlDoc) apply(edits []edit) []byte {
	slices.SortFunc(edits, func(a, b edit) int { return b.start - a.start })
	out := slices.Clone(doc.raw)
	for _, e := range edits {
		s, t := doc.rawOffset(e.start), doc.rawOffset(e.end)
		out = slices.Concat(out[:s], []byte(e.s), out[t:])
	}
	return out
}

// RewriteSourceURL changes the xmlUrl of the source listed as from to to,
// keeping everything else in data.
func RewriteSourceURL(data []byte, from, to string) ([]byte, error) {
	doc, err := scanOPML(data)
	if err != nil {
		return nil, err
	}
	idx := doc.sources(from)
	if len(idx) == 0 {
		return nil, fmt.Errorf("%w: %s", ErrSourceNotFound, from)
	}
	var edits []edit
	for _, i := range idx {
		n := &doc.nodes[i]
		vs, ve, quote, ok := attrValueSpan(doc.text[n.start:n.tagEnd], "xmlUrl")
		if !ok {
			return nil, fmt.Errorf("cannot locate the xmlUrl attribute of %s", from)
		}
		edits = append(edits, edit{n.start + vs, n.start + ve, escapeAttr(to, quote, !doc.utf8)})
	}
	return doc.apply(edits), nil
}

// RemoveSource removes the outline of the source listed as url. When the
// outline has its line(s) to itself, the line goes too.
func RemoveSource(data []byte, url string) ([]byte, error) {
	doc, err := scanOPML(data)
	if err != nil {
		return nil, err
	}
	idx := doc.sources(url)
	if len(idx) == 0 {
		return nil, fmt.Errorf("%w: %s", ErrSourceNotFound, url)
	}
	var edits []edit
	for _, i := range idx {
		n := &doc.nodes[i]
		s, e := n.start, n.end
		ls, le := lineStart(doc.text, s), len(doc.text)
		if j := bytes.IndexByte(doc.text[e:], '\n'); j >= 0 {
			le = e + j + 1
		}
		if blank(doc.text[ls:s]) && blank(doc.text[e:le]) {
			s, e = ls, le
		}
		edits = append(edits, edit{s, e, ""})
	}
	return doc.apply(edits), nil
}

// AddSource adds o inside its category's folder (as the folder's last
// child, on a line of its own, indented like its siblings), creating the
// missing folders. It refuses a URL the file already lists.
func AddSource(data []byte, o NewOutline) ([]byte, error) {
	doc, err := scanOPML(data)
	if err != nil {
		return nil, err
	}
	if len(doc.sources(o.XMLURL)) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrDuplicateSource, o.XMLURL)
	}
	var path []string
	for _, seg := range strings.Split(o.Category, "/") {
		if seg = strings.TrimSpace(seg); seg != "" {
			path = append(path, seg)
		}
	}
	container, kids := -1, doc.bodyKids
	found := 0
	for _, seg := range path {
		next := -1
		for _, k := range kids {
			if n := &doc.nodes[k]; n.isFolder() && n.name() == seg {
				next = k
				break
			}
		}
		if next < 0 {
			break
		}
		container, kids = next, doc.nodes[next].kids
		found++
	}
	nl := "\n"
	if bytes.Contains(doc.text, []byte("\r\n")) {
		nl = "\r\n"
	}
	outer, inner, unit := doc.indents(container, kids)
	ascii := !doc.utf8
	var lines []string
	ind := inner
	for _, seg := range path[found:] {
		v := escapeAttr(seg, '"', ascii)
		lines = append(lines, fmt.Sprintf(`%s<outline text="%s" title="%s">`, ind, v, v))
		ind += unit
	}
	lines = append(lines, ind+outlineTag(o, ascii))
	for range path[found:] {
		ind = ind[:len(ind)-len(unit)]
		lines = append(lines, ind+"</outline>")
	}
	block := strings.Join(lines, nl)

	var e edit
	switch {
	case container >= 0 && doc.nodes[container].selfClosing:
		// <outline text="Empty"/> becomes <outline text="Empty"> … </outline>.
		end := doc.nodes[container].tagEnd
		e = edit{end - 2, end, ">" + nl + block + nl + outer + "</outline>"}
	default:
		at := doc.bodyEndTag
		if container >= 0 {
			at = doc.nodes[container].endTag
		}
		if ls := lineStart(doc.text, at); blank(doc.text[ls:at]) {
			e = edit{ls, ls, block + nl}
		} else {
			e = edit{at, at, nl + block + nl + outer}
		}
	}
	return doc.apply([]edit{e}), nil
}

// outlineTag renders a new source outline.
func outlineTag(o NewOutline, ascii bool) string {
	title := strings.TrimSpace(o.Title)
	if title == "" {
		title = o.XMLURL
	}
	t := escapeAttr(title, '"', ascii)
	s := fmt.Sprintf(`<outline type="rss" text="%s" title="%s" xmlUrl="%s"`, t, t, escapeAttr(o.XMLURL, '"', ascii))
	if o.HTMLURL != "" {
		s += fmt.Sprintf(` htmlUrl="%s"`, escapeAttr(o.HTMLURL, '"', ascii))
	}
	return s + "/>"
}

// indents returns the indentation of the container's own line, of its
// children's lines, and one level of indentation, learnt from the file.
func (doc *opmlDoc) indents(container int, kids []int) (outer, inner, unit string) {
	if container >= 0 {
		outer = indentAt(doc.text, doc.nodes[container].start)
	} else {
		outer = indentAt(doc.text, doc.bodyEndTag)
	}
	unit = doc.indentUnit()
	inner = outer + unit
	if len(kids) > 0 {
		last := doc.nodes[kids[len(kids)-1]].start
		if ls := lineStart(doc.text, last); blank(doc.text[ls:last]) {
			inner = string(doc.text[ls:last])
		}
	}
	return outer, inner, unit
}

// indentUnit is the step between an outline's indentation and its first
// child's, as the file uses it (two spaces when the file does not say).
func (doc *opmlDoc) indentUnit() string {
	for i := range doc.nodes {
		n := &doc.nodes[i]
		if len(n.kids) == 0 {
			continue
		}
		k := doc.nodes[n.kids[0]].start
		ls := lineStart(doc.text, k)
		parent, child := indentAt(doc.text, n.start), string(doc.text[ls:k])
		if blank([]byte(child)) && strings.HasPrefix(child, parent) && len(child) > len(parent) {
			return child[len(parent):]
		}
	}
	return "  "
}

// attrValueSpan finds attribute name's value in a well-formed start tag:
// the offsets of the value between its quotes, and the quote.
func attrValueSpan(tag []byte, name string) (start, end int, quote byte, ok bool) {
	// As the loader reads attributes: the name as written wins, else the
	// name in another case (xmlurl).
	if start, end, quote, ok = attrSpan(tag, name, false); ok {
		return start, end, quote, ok
	}
	return attrSpan(tag, name, true)
}

// attrSpan is attrValueSpan comparing names exactly or, with fold, in any
// case.
func attrSpan(tag []byte, name string, fold bool) (start, end int, quote byte, ok bool) {
	i := 1
	for i < len(tag) && !isXMLSpace(tag[i]) && tag[i] != '/' && tag[i] != '>' {
		i++ // the element name
	}
	for i < len(tag) {
		for i < len(tag) && isXMLSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] == '/' || tag[i] == '>' {
			return 0, 0, 0, false
		}
		ns := i
		for i < len(tag) && tag[i] != '=' && !isXMLSpace(tag[i]) {
			i++
		}
		attr := string(tag[ns:i])
		for i < len(tag) && (isXMLSpace(tag[i]) || tag[i] == '=') {
			i++
		}
		if i >= len(tag) {
			return 0, 0, 0, false
		}
		q := tag[i]
		vs := i + 1
		ve := bytes.IndexByte(tag[vs:], q)
		if ve < 0 {
			return 0, 0, 0, false
		}
		ve += vs
		if attr == name || fold && strings.EqualFold(attr, name) {
			return vs, ve, q, true
		}
		i = ve + 1
	}
	return 0, 0, 0, false
}

// escapeAttr escapes s for an attribute value quoted with quote; ascii
// also writes every non-ASCII character as a character reference (for
// files in a single-byte encoding). Characters XML forbids are dropped.
func escapeAttr(s string, quote byte, ascii bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"' && quote == '"':
			b.WriteString("&quot;")
		case r == '\'' && quote == '\'':
			b.WriteString("&apos;")
		case r == '\t' || r == '\n' || r == '\r':
			fmt.Fprintf(&b, "&#%d;", r)
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
		case ascii && r > 0x7E:
			fmt.Fprintf(&b, "&#%d;", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// blank reports whether b is only spaces, tabs and line ends.
func blank(b []byte) bool { return len(bytes.TrimLeft(b, " \t\r\n")) == 0 }

// lineStart is the offset of the start of the line holding off.
func lineStart(text []byte, off int) int { return bytes.LastIndexByte(text[:off], '\n') + 1 }

// indentAt is the leading whitespace of the line holding off.
func indentAt(text []byte, off int) string {
	ls := lineStart(text, off)
	line := text[ls:off]
	return string(line[:len(line)-len(bytes.TrimLeft(line, " \t"))])
}
