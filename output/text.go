package output

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// xmlSafe returns s as valid UTF-8 holding only characters XML 1.0 allows.
// The pipeline already hands over clean text; this is the renderers' last
// line of defence, so that no input can make a document ill-formed: invalid
// bytes become U+FFFD and forbidden control characters are dropped. JSON
// gets the same treatment so that all formats carry the same text.
func xmlSafe(s string) string {
	if isXMLSafe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		switch {
		case r == utf8.RuneError && w == 1:
			b.WriteRune(utf8.RuneError)
		case isXMLChar(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isXMLSafe reports whether xmlSafe would return s unchanged.
func isXMLSafe(s string) bool {
	for i := 0; i < len(s); {
		if i+8 <= len(s) && printable8(s[i:]) {
			i += 8
			continue
		}
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf {
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && w == 1) || !isXMLChar(r) {
			return false
		}
		i += w
	}
	return true
}

// Masks of a byte repeated eight times, for looking at eight bytes at once.
const (
	each01 = 0x0101010101010101
	each80 = 0x8080808080808080
)

// word8 is the first eight bytes of s, the first the lowest.
func word8(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// printable8 reports whether the first eight bytes of s are all printable
// ASCII (0x20 to 0x7F): subtracting 0x20 from each borrows into its top
// bit only below 0x20, and a byte from 0x80 up has its top bit set.
func printable8(s string) bool {
	w := word8(s)
	return (w-0x20*each01|w)&each80 == 0
}

// isXMLChar reports whether r is allowed by the XML 1.0 Char production.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}

// plain cleans a one-line plain-text field (a title, a name, a category):
// XML-safe, harmless to readers that render it as HTML (safeText), with
// runs of white space folded to one space.
func plain(s string) string {
	// xmlSafe first: a character it drops could join "<" to a letter.
	return verbatim(safeText(xmlSafe(s)))
}

// verbatim is plain without safeText, for text shown only where it is
// escaped as text (a topic's query on its HTML page).
func verbatim(s string) string {
	s = xmlSafe(s)
	if !strings.ContainsAny(s, "\t\n\r") && !strings.Contains(s, "  ") {
		return strings.TrimSpace(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// absURL returns s when it is an absolute URL (a scheme and a host, or one
// of the opaque schemes feeds use) and "" otherwise. Feed readers resolve
// nothing against a merged feed's own address, so a relative or broken URL
// is worse than none, and JSON Feed requires absolute ones.
func absURL(s string) string {
	s = strings.TrimSpace(xmlSafe(s))
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return ""
	}
	switch u.Scheme {
	case "mailto", "urn", "tag", "data":
		return s
	}
	if u.Host == "" {
		return ""
	}
	return s
}

// languageTag matches what Atom's schema accepts for xml:lang, a plain
// RFC 5646 shape; anything else is dropped rather than published.
var languageTag = regexp.MustCompile(`^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$`)

// language returns s when it looks like a language tag, else "".
func language(s string) string {
	s = strings.TrimSpace(s)
	if !languageTag.MatchString(s) {
		return ""
	}
	return s
}

// validEmail reports whether s can stand in an Atom email element, whose
// schema pattern is ".+@.+", and is one address (no spaces).
func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t\r\n<>")
}

// textOf returns the text of an HTML fragment with tags dropped (inline
// ones without a space, so "<a>vale</a>, an" reads "vale, an"), entities
// decoded and white space folded; text that the decoding turns into
// markup is reduced again by plain (safeText). JSON Feed's summary is plain text, and the
// static site shows excerpts as text (see site.go).
func textOf(fragment string) string {
	return readText(fragment, 0)
}

// excerptOf is excerpt(textOf(fragment), n), reading no more of a long
// fragment than the excerpt needs: the pages show a few lines of items
// whose HTML runs to kilobytes.
func excerptOf(fragment string, n int) string {
	return excerpt(readText(fragment, n), n)
}

// readText returns textOf(fragment); when enough is above 0 it may stop
// early and return a beginning of that text, longer than enough runes.
func readText(fragment string, enough int) string {
	if !strings.ContainsAny(fragment, "<&") {
		return plain(fragment)
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(fragment))
	skip := 0          // depth inside elements whose text is not prose
	look := 2 * enough // the text's length in bytes at which to look whether it is enough
	for {
		switch z.Next() {
		case html.ErrorToken:
			return plain(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
				if enough > 0 && b.Len() > look {
					if t, ok := textBeginning(b.String(), enough); ok {
						return t
					}
					look = 2 * b.Len()
				}
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			if isHiddenElement(name) {
				skip++
			}
			if !inlineElement(name) {
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if isHiddenElement(name) && skip > 0 {
				skip--
			}
			if !inlineElement(name) {
				b.WriteByte(' ')
			}
		case html.SelfClosingTagToken:
			name, _ := z.TagName()
			if !inlineElement(name) {
				b.WriteByte(' ')
			}
		}
	}
}

// textBeginning returns plain(p), where p is the text of a fragment's
// first tokens, when that is how plain's result for the whole text begins
// and it holds more than n runes: then excerpt(…, n) reads the same from
// both (FuzzExcerptOf). It is when p is valid UTF-8 (so xmlSafe treats
// the rest alone), holds no "<" (so safeText changes nothing in it
// whatever follows) and folds white space as the whole will: by either
// of verbatim's ways, unless it holds a Unicode space other than ASCII's,
// which only one of them folds.
func textBeginning(p string, n int) (string, bool) {
	if !utf8.ValidString(p) {
		return "", false
	}
	x := xmlSafe(p)
	if strings.IndexByte(x, '<') >= 0 {
		return "", false
	}
	fields := strings.ContainsAny(x, "\t\n\r") || strings.Contains(x, "  ")
	if !fields && strings.IndexFunc(x, func(r rune) bool { return r >= utf8.RuneSelf && unicode.IsSpace(r) }) >= 0 {
		return "", false
	}
	t := verbatim(x)
	return t, utf8.RuneCountInString(t) > n
}

// isHiddenElement reports whether an element's text is never shown as
// prose.
func isHiddenElement(name []byte) bool {
	switch string(name) {
	case "script", "style", "template", "noscript", "title":
		return true
	}
	return false
}

// excerpt shortens text to at most n runes, cutting at a word boundary and
// marking the cut with an ellipsis.
func excerpt(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	cut := 0
	for i := range text {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	s := text[:cut]
	if sp := strings.LastIndexByte(s, ' '); sp > len(s)/2 {
		s = s[:sp]
	}
	return strings.TrimRight(s, " ,;:.-") + "…"
}

// titleRunes bounds the title made up for an entry that has none.
const titleRunes = 80

// displayTitle is an entry's title where a reader must show one (Atom
// requires it, the pages list by it): its own, else the start of its text
// (a microblog post's), else "(untitled)". RSS and JSON Feed, where the
// title is optional, keep the entry as its source wrote it.
func displayTitle(e *entryView) string {
	if e.Title != "" {
		return e.Title
	}
	if t := excerptOf(e.Body(), titleRunes); t != "" {
		return t
	}
	return "(untitled)"
}
