package query

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Folding makes "Łódź", "LODZ" and "lodz" one word, and "Зеленський" and
// "ЗЕЛЕНСЬКИЙ" another. Text and query words go through the same steps:
//
//  1. Unicode case folding (x/text/cases), so "ß" becomes "ss";
//  2. compatibility decomposition (NFKD), so ligatures and full-width forms
//     become plain letters and accented letters become letter plus mark,
//     and case folding again (as Unicode's NFKC_Casefold does);
//  3. nonspacing marks removed, so "ó" becomes "o" and "й" becomes "и";
//  4. letters drawn with a stroke or bar, which have no decomposition, mapped
//     to their base letter (strokeLetters);
//  5. recomposition (NFC).
//
// Cyrillic is then written in Latin letters (lang.go). Words are the
// maximal runs of letters, digits and spacing marks, except that each
// Chinese or Japanese character is a word of its own (lang.go):
// punctuation, apostrophes and hyphens separate words, so "Zelensky's"
// holds the word "zelensky" and "Ukraine-Russia" two words.

// strokeLetters maps the lower-case letters that carry a stroke, bar or
// dot as part of their shape (and so do not decompose under NFKD) to the
// letter a reader without the diacritic would type. Polish "ł" is the one
// that matters most; the others are the common Latin letters of the kind.
var strokeLetters = map[rune]rune{
	'ł': 'l', // Polish, Sorbian
	'ƚ': 'l',
	'đ': 'd', // Croatian, Vietnamese
	'ø': 'o', // Danish, Norwegian
	'ħ': 'h', // Maltese
	'ŧ': 't', // Sami
	'ƀ': 'b',
	'ɨ': 'i',
	'ı': 'i', // Turkish dotless i
}

// folders pools the transformer chains: a chain keeps state, so each
// goroutine needs its own while it folds.
var folders = sync.Pool{New: func() any {
	return transform.Chain(
		cases.Fold(),
		norm.NFKD,
		cases.Fold(), // again, as Unicode's NFKC_Casefold does: decomposition can yield capitals
		runes.Remove(runes.In(unicode.Mn)),
		runes.Map(func(r rune) rune {
			if b, ok := strokeLetters[r]; ok {
				return b
			}
			return r
		}),
		norm.NFC,
	)
}}

// foldChunk folds a piece of text that contains non-ASCII runes.
func foldChunk(s string) string {
	t := folders.Get().(transform.Transformer)
	defer folders.Put(t)
	out, _, err := transform.String(t, s)
	if err != nil {
		// The chain only fails on input it cannot represent; keep the
		// case-folded original rather than lose the text.
		return strings.ToLower(s)
	}
	return transliterate(out)
}

// wordSpan is one word of a folded text: its bytes in the folded text and
// the offset in the original text of the chunk it came from.
type wordSpan struct {
	start, end int // in the folded text
	orig       int // byte offset in the original text
}

// isWordRune reports whether r belongs to a word of folded text.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// isASCIIWordByte reports whether b is an ASCII letter or digit.
func isASCIIWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
}

// foldText folds s and appends its words to spans. ASCII text, the bulk of
// most feeds, is lower-cased in place; a chunk holding other runes (up to
// the next ASCII space or punctuation) goes through the full fold. The
// folded text keeps the ASCII separators, so it reads like the original
// for regular expressions.
func foldText(s string, spans []wordSpan) (string, []wordSpan) {
	s = validText(s)
	if spans == nil {
		spans = make([]wordSpan, 0, len(s)/5+1) // about one word per five bytes of English
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && !isASCIIWordByte(c) {
			b.WriteByte(c)
			i++
			continue
		}
		// A chunk: everything up to the next ASCII separator.
		j, ascii := i, true
		for j < len(s) && (s[j] >= utf8.RuneSelf || isASCIIWordByte(s[j])) {
			if s[j] >= utf8.RuneSelf {
				ascii = false
			}
			j++
		}
		start := b.Len()
		if ascii {
			for k := i; k < j; k++ {
				c := s[k]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				b.WriteByte(c)
			}
			spans = append(spans, wordSpan{start: start, end: b.Len(), orig: i})
			i = j
			continue
		}
		b.WriteString(foldChunk(s[i:j]))
		spans = appendWords(spans, b.String()[start:], start, i)
		i = j
	}
	return b.String(), spans
}

// appendWords appends the words of folded (which starts at byte base of
// the folded text and came from original offset orig) to spans.
func appendWords(spans []wordSpan, folded string, base, orig int) []wordSpan {
	in, start := false, 0
	for k, r := range folded {
		if isCJK(r) {
			// A character of a script without spaces is a word of its own.
			if in {
				in = false
				spans = append(spans, wordSpan{start: base + start, end: base + k, orig: orig})
			}
			spans = append(spans, wordSpan{start: base + k, end: base + k + utf8.RuneLen(r), orig: orig})
			continue
		}
		w := isWordRune(r)
		switch {
		case w && !in:
			in, start = true, k
		case !w && in:
			in = false
			spans = append(spans, wordSpan{start: base + start, end: base + k, orig: orig})
		}
	}
	if in {
		spans = append(spans, wordSpan{start: base + start, end: base + len(folded), orig: orig})
	}
	return spans
}

// foldWords returns the folded words of s, as the matcher sees them.
func foldWords(s string) []string {
	folded, spans := foldText(s, nil)
	words := make([]string, len(spans))
	for i, sp := range spans {
		words[i] = folded[sp.start:sp.end]
	}
	return words
}

// validText replaces the bytes of s that are not UTF-8 with U+FFFD, which
// separates words: folding and offsets then work on the same text.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
