package output

import (
	"strings"

	"golang.org/x/net/html"
)

// Plain-text fields (titles, names, categories, JSON Feed summaries) are
// read two ways: as text, which they are, and as HTML by the many readers
// that render them (RSS titles above all), which decode what the document
// escaped once and parse the result as markup. A field that still holds
// something shaped like a tag after its own unescaping would run in those
// readers. safeText makes every such field read the same both ways: a
// field whose text looks like markup is reduced to the text of that
// markup (tags dropped, script and style bodies dropped), so that parsing
// it as HTML yields text only, and a field without any keeps every
// character ("AT&T", "x < y", "5<10").

// safeText returns s with everything an HTML parser would take for a tag
// (or a comment, or a processing instruction) removed.
func safeText(s string) string {
	for range 4 { // markup inside markup ("<<b>b>") surfaces one layer at a time
		if !looksLikeMarkup(s) {
			return s
		}
		// A "<" that no ">" follows starts no tag a person meant ("a<b",
		// "x <y"); HTML would drop the rest of the field, so it keeps its
		// text with a space that HTML reads as text too.
		if s = defuseUnclosed(s); !looksLikeMarkup(s) {
			return s
		}
		s = stripTags(s)
	}
	return defuse(s)
}

// defuseUnclosed defuses (see defuse) each tag start after the last ">".
func defuseUnclosed(s string) string {
	last := strings.LastIndexByte(s, '>')
	return s[:last+1] + defuse(s[last+1:])
}

// looksLikeMarkup reports whether s holds "<" followed by what makes an
// HTML tokenizer start a tag, an end tag, a comment or a bogus comment.
func looksLikeMarkup(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0 && i+1 < len(s); {
		if tagStart(s[i+1]) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '<')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

func tagStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?'
}

// stripTags drops the tags of s, and the bodies of elements whose text is
// not prose (script, style…), keeping the text between them as written:
// s is plain text, so "&amp;" in it is five characters, not an ampersand.
// A tag that breaks a line in HTML (p, br, li, div…) leaves a space, an
// inline one (b, a, span…) nothing, so "<b>Kyiv</b>, today" stays
// "Kyiv, today".
func stripTags(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	hidden := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if hidden == 0 {
				b.Write(z.Raw())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if isHiddenElement(name) {
				switch {
				case tt == html.StartTagToken:
					hidden++
				case tt == html.EndTagToken && hidden > 0:
					hidden--
				}
			}
			if !inlineElement(name) {
				b.WriteByte(' ')
			}
		}
	}
}

// defuse is the last resort for text that still looks like markup after
// several rounds of stripping: a space after each "<" that would start a
// tag, which no HTML parser reads as one.
func defuse(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if s[i] == '<' && i+1 < len(s) && tagStart(s[i+1]) {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// inlineElement reports whether an element flows inside a line of text:
// its tags break no word.
func inlineElement(name []byte) bool {
	switch string(name) {
	case "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
		"i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub",
		"sup", "time", "tt", "u", "var", "wbr":
		return true
	}
	return false
}
