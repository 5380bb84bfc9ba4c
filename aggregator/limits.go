package aggregator

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"
)

// The bounds every fetched document is held to. Every source is written by
// a stranger: a feed of a million items, a title of a megabyte or elements
// nested a million deep must cost feedloom a recorded error or a
// truncation that says so, never a crash or unbounded memory. Each bound is
// far above anything a real feed needs, so only broken or hostile
// documents meet one.
//
// A document beyond MaxDocumentBytes or nested deeper than MaxDepth fails
// to parse (a *ParseError, recorded as the source's error). Everything else
// is truncated, and Normalised.Warnings says what was cut.
//
// Entity expansion needs no bound of its own: neither encoding/xml nor
// gofeed reads a DTD, so an entity a document declares is never expanded
// (it stays as its literal "&name;" text), and no external entity or DTD is
// ever fetched, from the network or the file system.
const (
	// MaxDocumentItems is how many items of one document are kept, in document
	// order (feeds list their newest first).
	MaxDocumentItems = 10_000
	// MaxTitleRunes bounds an item's or a feed's title.
	MaxTitleRunes = 1_000
	// MaxHTMLBytes bounds an item's summary and its content, each.
	MaxHTMLBytes = 1 << 20
	// MaxCategories and MaxCategoryRunes bound an item's categories.
	MaxCategories    = 100
	MaxCategoryRunes = 200
	// MaxAuthors and MaxNameRunes bound an item's authors and each name
	// (and e-mail address).
	MaxAuthors   = 50
	MaxNameRunes = 200
	// MaxEnclosures bounds an item's enclosures.
	MaxEnclosures = 50
	// MaxURLBytes is the longest link, enclosure or image URL kept; a
	// longer one is dropped, since a cut URL points somewhere else.
	MaxURLBytes = 8 << 10
	// MaxGUIDBytes is the longest GUID kept as is; a longer one is cut
	// (identity falls back to the link when cut GUIDs collide).
	MaxGUIDBytes = 2 << 10
)

// cuts counts, per kind, what one document lost to the bounds.
type cuts map[string]int

// note records one truncation of kind.
func (c cuts) note(kind string) { c[kind]++ }

// warnings renders the counts as sentences, sorted so the same document
// always gives the same words.
func (c cuts) warnings() []string {
	if len(c) == 0 {
		return nil
	}
	out := make([]string, 0, len(c))
	for kind, n := range c {
		out = append(out, fmt.Sprintf("%s (%d×)", kind, n))
	}
	sort.Strings(out)
	return out
}

// truncRunes returns s cut to at most n runes, and whether it was cut.
func truncRunes(s string, n int) (string, bool) {
	if len(s) <= n { // n runes take at least n bytes
		return s, false
	}
	i, count := 0, 0
	for i < len(s) && count < n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	if i == len(s) {
		return s, false
	}
	return strings.TrimSpace(s[:i]) + "…", true
}

// truncBytes returns s cut to at most n bytes at a rune boundary.
func truncBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// boundTitle cuts a title to MaxTitleRunes.
func boundTitle(s string, c cuts) string {
	return boundText(s, MaxTitleRunes, "titles", c)
}

// boundText cuts s to n runes, noting the cut under what.
func boundText(s string, n int, what string, c cuts) string {
	s, cutOff := truncRunes(s, n)
	if cutOff {
		c.note(fmt.Sprintf("%s cut to %d characters", what, n))
	}
	return s
}

// boundURL drops a URL longer than MaxURLBytes: a cut URL would point
// somewhere else.
func boundURL(u string, c cuts) string {
	if len(u) > MaxURLBytes {
		c.note(fmt.Sprintf("URLs longer than %d bytes dropped", MaxURLBytes))
		return ""
	}
	return u
}

// boundHTML sanitises s, cut to MaxHTMLBytes first. Sanitising a cut
// document closes what the cut left open; should resolving URLs make the
// result longer than the bound, it is cut and sanitised once more.
func (n *Normaliser) boundHTML(s string, base *url.URL, c cuts) string {
	cutOff := len(s) > MaxHTMLBytes
	out := n.policy.HTML(truncBytes(s, MaxHTMLBytes), base)
	if len(out) > MaxHTMLBytes {
		cutOff = true
		out = n.policy.HTML(truncBytes(out, MaxHTMLBytes-len("…")), base)
	}
	if cutOff {
		c.note(fmt.Sprintf("summaries or contents cut to %d bytes", MaxHTMLBytes))
	}
	return out
}
