package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Text returns the characters a reader should see for s: tags removed,
// character references decoded once, the contents of script, style and
// similar elements dropped, block elements and line breaks separating
// words, all whitespace collapsed to single spaces and trimmed, and only
// XML-safe characters left. It is for titles, author names and categories,
// and for the text topics and fingerprints match against.
//
// Text reads its input as HTML exactly once, which is what makes
// plain-text fields escaped exactly once in every output: gofeed has
// already decoded the XML layer, so a title published as
// "AT&amp;amp;T &lt;b&gt;bold&lt;/b&gt;" arrives as "AT&amp;T <b>bold</b>"
// and Text returns "AT&T bold" (the tags were markup), while one published
// double-escaped as "&amp;lt;b&amp;gt;" arrives as "&lt;b&gt;" and Text
// returns the literal "<b>" its author meant readers to see; renderers
// then escape the result once. Text is therefore not idempotent on text
// that contains "&": never apply it twice. A caller that knows a field is
// plain text (an Atom type="text" construct) should pass
// html.EscapeString(field) so that it comes back verbatim.
//
// A tag whose name is not an HTML element and has no ":" or "-" (as in
// "Vector<int>" or "List<T>") is kept as text: it is a title about code,
// not markup, and a reader that renders titles as HTML would also show it.
func Text(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return collapse(s)
	}
	if strings.IndexByte(s, '<') < 0 {
		// No tag: the tokeniser would give one text token, its line ends
		// normalised and its character references decoded.
		return collapse(html.UnescapeString(normaliseNewlines(s)))
	}
	return tokenText(s)
}

// tokenText is Text for input with a tag: it tokenises s.
func tokenText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return collapse(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			raw := z.Raw() // valid until TagName below; copied only when kept
			if skip == 0 {
				raw = []byte(string(raw))
			}
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == 0:
				// Not HTML: text that looks like a tag, or markup from
				// another vocabulary (o:p, custom-element) read as inline.
				if skip == 0 && literalTag(name) {
					b.Write(raw)
				}
			case hiddenContent[a]:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case !inline[a]:
				b.WriteByte(' ')
			}
		}
	}
}

// literalTag reports whether a tag name that is not an HTML element is
// text that merely looks like a tag.
func literalTag(name []byte) bool {
	for _, c := range name {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// hiddenContent lists the elements whose content is not text a reader
// sees. The tokeniser already returns the content of script, style,
// textarea, title, iframe, noembed, noframes, noscript, xmp and plaintext
// as a single text token.
var hiddenContent = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Iframe: true, atom.Object: true, atom.Applet: true,
	atom.Noembed: true, atom.Noframes: true, atom.Textarea: true, atom.Select: true,
	atom.Head: true, atom.Title: true, atom.Xmp: true, atom.Plaintext: true,
}

// inline lists the phrasing elements that do not separate words.
var inline = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.Acronym: true, atom.B: true, atom.Bdi: true,
	atom.Bdo: true, atom.Big: true, atom.Cite: true, atom.Code: true, atom.Data: true,
	atom.Del: true, atom.Dfn: true, atom.Em: true, atom.Font: true, atom.I: true,
	atom.Ins: true, atom.Kbd: true, atom.Label: true, atom.Mark: true, atom.Nobr: true,
	atom.Q: true, atom.Rb: true, atom.Rp: true, atom.Rt: true, atom.Ruby: true,
	atom.S: true, atom.Samp: true, atom.Small: true, atom.Span: true, atom.Strike: true,
	atom.Strong: true, atom.Sub: true, atom.Sup: true, atom.Time: true, atom.Tt: true,
	atom.U: true, atom.Var: true, atom.Wbr: true,
}

// collapse makes s XML-safe and collapses every run of whitespace
// (including no-break spaces and line separators) to one space, trimming
// both ends. Runs of ASCII other than white space, the common case, are
// copied whole. What it returns is always a copy, never s itself:
// CleanText passes it a view of a buffer it reuses.
func collapse(s string) string {
	s = xmlSafe(s)
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] < utf8.RuneSelf && !asciiSpace[s[j]] {
			j++
		}
		if j > i {
			if space {
				b = append(b, ' ')
				space = false
			}
			b = append(b, s[i:j]...)
			i = j
			continue
		}
		if s[i] < utf8.RuneSelf { // ASCII white space
			i++
			space = len(b) > 0
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsSpace(r) {
			space = len(b) > 0
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = append(b, s[i-size:i]...)
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// asciiSpace is true for the ASCII white space collapse folds.
var asciiSpace = [utf8.RuneSelf]bool{' ': true, '\t': true, '\n': true, '\r': true, '\v': true, '\f': true}
