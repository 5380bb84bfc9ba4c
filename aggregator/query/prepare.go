package query

import (
	"net/url"
	"slices"
	"strings"
)

// Doc is the text of one item as matching sees it. All strings are plain
// text: the caller strips tags and decodes entities first.
type Doc struct {
	Title      string
	Content    string   // summary and body text
	Authors    []string // author names
	Categories []string
	Source     []string // the source's title and its category names
	URL        string
	// Language is the item's (or its feed's) language tag, if known: it
	// chooses whether inflected forms match (lang.go). Without it the
	// script of the title and content decides.
	Language string
}

// Prepared is a Doc folded and split into words once, so that many queries
// can match it cheaply. It is immutable and safe for concurrent use.
type Prepared struct {
	fields [numFields]index
}

// valueGap separates the values of a many-valued field (and the title from
// the content in the lead) in word positions, so that no phrase or NEAR
// reaches from one value into the next.
const valueGap = 2 * maxNear

// maxPosition bounds word positions so that they fit the index's int32.
const maxPosition = 1 << 30

// leadMaxWords caps the content words the lead takes, for text whose first
// sentence never ends.
const leadMaxWords = 60

// Prepare folds and indexes d for matching. This is where the work is:
// matching a prepared document only looks words up.
func Prepare(d *Doc) *Prepared {
	p := &Prepared{}
	title, tspans := foldText(d.Title, nil)
	raw := validText(d.Content) // the lead's offsets refer to this text
	content, cspans := foldText(raw, nil)
	ps := appendPostings(make([]posting, 0, len(cspans)), content, cspans, 0)
	p.fields[fieldContent] = newIndex([]string{content}, ps)

	// The lead: the title, then the content's first sentence.
	n := min(leadWords(raw, cspans), leadMaxWords)
	ps = appendPostings(ps[:0], title, tspans, 0)
	p.fields[fieldTitle] = newIndex([]string{title}, ps)
	ps = appendPostings(ps, content, cspans[:n], len(tspans)+valueGap)
	leadText := title
	if n > 0 {
		leadText += "\n" + content[:cspans[n-1].end]
	}
	p.fields[fieldLead] = newIndex([]string{leadText}, ps)

	p.fields[fieldAuthor] = indexValues(d.Authors)
	p.fields[fieldCategory] = indexValues(d.Categories)
	p.fields[fieldSource] = indexValues(d.Source)
	u := d.URL
	if dec, err := url.PathUnescape(u); err == nil {
		u = dec // percent-encoded Cyrillic or Polish slugs become words
	}
	p.fields[fieldURL] = indexValues([]string{u})
	inflected := inflectedLanguage(d.Language)
	if d.Language == "" {
		inflected = inflectedScript(d.Title) || inflectedScript(d.Content)
	}
	if inflected {
		for f := range p.fields {
			p.fields[f].inflected = true
		}
	}
	return p
}

// leadWords returns how many of content's words (spans) belong to its
// first sentence.
func leadWords(content string, spans []wordSpan) int {
	before := func(off int) int {
		k, _ := slices.BinarySearchFunc(spans, off, func(s wordSpan, o int) int { return s.orig - o })
		return k
	}
	return before(firstSentenceEnd(content, func(off int) bool { return before(off) >= leadMinWords }))
}

// appendPostings appends a posting for each word of a folded text,
// numbering the words from base.
func appendPostings(ps []posting, folded string, spans []wordSpan, base int) []posting {
	for i, sp := range spans {
		ps = append(ps, posting{word: folded[sp.start:sp.end], pos: base + i})
	}
	return ps
}

// indexValues indexes the values of a many-valued field, valueGap word
// positions apart.
func indexValues(vals []string) index {
	var (
		ps     []posting
		folded []string
		spans  []wordSpan
		base   int
	)
	for _, v := range vals {
		if strings.TrimSpace(v) == "" {
			continue
		}
		if base > maxPosition {
			break // absurdly many values: positions would overflow
		}
		var f string
		f, spans = foldText(v, spans[:0])
		ps = appendPostings(ps, f, spans, base)
		folded = append(folded, f)
		base += len(spans) + valueGap
	}
	return newIndex(folded, ps)
}
