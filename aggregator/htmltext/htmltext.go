// Package htmltext turns sanitised HTML into the plain text that topic
// queries read, keeping the line structure that sentences need.
package htmltext

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Lines is HTML fragments, one after the other, as plain text in lines:
// tags stripped, entities decoded, and every paragraph, list item, heading
// or line break (or, in plain text, blank line) ending a line. Line ends
// matter to topic queries: a sentence ends at a line end, so a summary's
// first paragraph never runs on into the next one.
//
// The fragments are expected to be sanitised HTML, so nothing here
// executes or hides; script and style content is skipped all the same.
func Lines(fragments ...string) string {
	var b strings.Builder
	for _, f := range fragments {
		appendText(&b, f)
	}
	return tidyLines(b.String())
}

// lineBreakers are the elements that end a line of text where they open
// or close.
var lineBreakers = map[atom.Atom]bool{
	atom.P: true, atom.Br: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Blockquote: true, atom.Pre: true,
	atom.Hr: true, atom.Table: true, atom.Tr: true, atom.Figure: true, atom.Figcaption: true,
	atom.Section: true, atom.Article: true, atom.Aside: true, atom.Header: true,
	atom.Footer: true, atom.Nav: true, atom.Main: true, atom.Address: true, atom.Details: true,
	atom.Summary: true, atom.Caption: true,
}

// spaceMakers are the elements that separate words without ending a line.
var spaceMakers = map[atom.Atom]bool{
	atom.Td: true, atom.Th: true, atom.Img: true,
}

// paragraphEnd is how appendText marks a line end for tidyLines: a blank
// line, since a single line break inside HTML text is only white space.
const paragraphEnd = "\n\n"

// appendText writes the text of an HTML fragment, followed by a line end.
func appendText(b *strings.Builder, fragment string) {
	if fragment == "" {
		return
	}
	z := html.NewTokenizer(strings.NewReader(fragment))
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			b.WriteString(paragraphEnd)
			return
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); {
			case a == atom.Script || a == atom.Style:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case lineBreakers[a]:
				b.WriteString(paragraphEnd)
			case spaceMakers[a]:
				b.WriteByte(' ')
			}
		}
	}
}

// tidyLines collapses each run of white space to one line end when it
// holds a blank line (two line breaks, as plain-text summaries separate
// paragraphs and appendText marks elements), else to one space, and trims
// both ends.
func tidyLines(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space, breaks := false, 0
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			switch r {
			case '\n':
				breaks++
			case '\u2028', '\u2029':
				breaks += 2
			}
			continue
		}
		if space && b.Len() > 0 {
			if breaks >= 2 {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		space, breaks = false, 0
		b.WriteRune(r)
	}
	return b.String()
}
