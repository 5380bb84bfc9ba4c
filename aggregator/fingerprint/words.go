package fingerprint

import (
	"iter"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// shape says how a word was written, which words alone cannot tell once
// folded to lower case.
type shape uint8

const (
	// capital: the word began with an upper-case letter.
	capital shape = 1 << iota
	// initial: the word opened the text or a sentence (it followed ".",
	// "!", "?", ":", ";" or a double quotation mark), where any word is
	// capitalised.
	initial
	// spaced: only white space separates the word from the previous one
	// (no punctuation), as between the words of one name ("Joe Biden").
	spaced
)

// words yields the normalised words of s: letters and digits folded to
// lower case without diacritics (NFKD, combining marks dropped), split at
// everything else. A few spellings are joined so that two copies of one
// headline give the same words:
//
//   - a possessive "'s" is dropped and other apostrophes join ("Russia’s"
//     and "Russia's" are "russia", "don't" is "dont");
//   - dots of an abbreviation join ("U.S." is "us", "U.N." is "un");
//   - digit groups join ("20,000" is "20000", "5.6" is "56");
//   - characters of scripts written without spaces (Han, Hiragana,
//     Katakana, Thai) are words on their own.
//
// The yielded slice is reused: it is valid only until the next iteration.
func words(s string) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for w := range tokens(s) {
			if !yield(w) {
				return
			}
		}
	}
}

// tokens yields the words of s as words does, each with its shape.
func tokens(s string) iter.Seq2[[]byte, shape] {
	return scanWords(s, nil)
}

// scanWords yields the words of s with their shapes. While *lowerSkipped
// is true it does not yield words that are lower-case ASCII letters only
// (the bulk of a text, and no name): such a word separates the words
// around it like punctuation. Of reads names that way once it has its
// lede.
func scanWords(s string, lowerSkipped *bool) iter.Seq2[[]byte, shape] {
	return func(yield func([]byte, shape) bool) {
		var (
			w      = make([]byte, 0, 32)
			seg    int   // letters since the word began or since a joined dot
			sh     shape // shape of the word in w
			start  = true
			punct  = true // punctuation (or the start) since the last word
			dec    [32]byte
			encBuf [utf8.UTFMax]byte
		)
		flush := func() bool {
			if len(w) == 0 {
				return true
			}
			ok := yield(w, sh)
			w, seg, start, punct = w[:0], 0, false, false
			return ok
		}
		for i := 0; i < len(s); {
			c := s[i]
			if c < utf8.RuneSelf {
				switch {
				case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
					if len(w) == 0 {
						sh = shapeOf(false, start, punct)
					}
					// The rest of a run of lower-case letters, then of
					// letters and digits, at once.
					j := i + 1
					for j < len(s) && 'a' <= s[j] && s[j] <= 'z' {
						j++
					}
					letters := c >= 'a'
					if j < len(s) && isDigit(s[j]) {
						letters = false
						for j < len(s) && ('a' <= s[j] && s[j] <= 'z' || '0' <= s[j] && s[j] <= '9') {
							j++
						}
					}
					if letters && len(w) == 0 && lowerSkipped != nil && *lowerSkipped && wordEnds(s, i, j) {
						start, punct = false, true
						i = j
						continue
					}
					w = append(w, s[i:j]...)
					seg += j - i
					i = j
					continue
				case 'A' <= c && c <= 'Z':
					if len(w) == 0 {
						sh = shapeOf(true, start, punct)
					}
					w = append(w, c+'a'-'A')
					seg++
				case c == '\'' || c == '`':
					i = apostrophe(s, i+1, len(w) > 0)
					continue
				case (c == '.' || c == ',') && len(w) > 0 && isDigit(w[len(w)-1]) && i+1 < len(s) && isDigit(s[i+1]):
					// digit group separator: 20,000 and 5.6
				case c == '.' && seg == 1 && abbreviationDot(s, i+1):
					seg = 0
				default:
					if len(w) > 0 && !flush() {
						return
					}
					if c != ' ' {
						start = start || sentenceMark(rune(c))
						punct = punct || !isSpace(c)
					}
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if isApostrophe(r) {
				i = apostrophe(s, i+size, len(w) > 0)
				continue
			}
			upper := unicode.IsUpper(r)
			n := utf8.EncodeRune(encBuf[:], r)
			for _, d := range string(norm.NFKD.Append(dec[:0], encBuf[:n]...)) {
				switch {
				case unicode.Is(unicode.Mn, d):
				case unspaced(d):
					if len(w) > 0 && !flush() {
						return
					}
					sh = shapeOf(false, start, punct)
					w = utf8.AppendRune(w, unicode.ToLower(d))
					if len(w) > 0 && !flush() {
						return
					}
				case unicode.IsLetter(d) || unicode.IsDigit(d):
					if len(w) == 0 {
						sh = shapeOf(upper, start, punct)
					}
					w = utf8.AppendRune(w, unicode.ToLower(d))
					seg++
				default:
					if len(w) > 0 && !flush() {
						return
					}
					start = start || sentenceMark(d)
					punct = punct || !unicode.IsSpace(d)
				}
			}
			i += size
		}
		flush()
	}
}

// wordEnds reports whether a run of lower-case ASCII letters s[i:j] is a
// whole word: not continued by an apostrophe, an upper-case or non-ASCII
// letter, or the dot of an abbreviation.
func wordEnds(s string, i, j int) bool {
	if j == len(s) {
		return true
	}
	c := s[j]
	return c < utf8.RuneSelf && c != '\'' && c != '`' && !isASCIILetter(c) && !(c == '.' && j-i == 1)
}

// shapeOf is the shape of a word that begins with an upper-case letter
// or not, after a sentence mark (start) or after punctuation (punct).
func shapeOf(upper, start, punct bool) shape {
	var sh shape
	if upper {
		sh |= capital
	}
	if start {
		sh |= initial
	}
	if !punct {
		sh |= spaced
	}
	return sh
}

// sentenceMark reports punctuation after which a capital letter says
// nothing about the word: the end of a sentence, a colon or semicolon, or
// an opening quotation.
func sentenceMark(r rune) bool {
	switch r {
	case '.', '!', '?', ':', ';', '"', '“', '”', '«', '»', '„', '…', '。', '！', '？':
		return true
	}
	return false
}

// apostrophe handles an apostrophe whose next byte is at i, inside a word
// when inWord: it drops a possessive "'s" and otherwise joins the word. It
// returns where scanning continues.
func apostrophe(s string, i int, inWord bool) int {
	if inWord && i < len(s) && (s[i] == 's' || s[i] == 'S') && (i+1 == len(s) || !isWordByte(s[i+1])) {
		return i + 1
	}
	return i
}

// abbreviationDot reports whether a dot after a one-letter segment, with
// the rest of the text at i, continues an abbreviation: another single
// letter follows ("U.S", "U.N").
func abbreviationDot(s string, i int) bool {
	return i < len(s) && isASCIILetter(s[i]) && (i+1 == len(s) || !isWordByte(s[i+1]))
}

func isApostrophe(r rune) bool {
	return r == '’' || r == '‘' || r == 'ʼ' || r == '′'
}

// unspaced reports characters of scripts written without spaces between
// words; each counts as a word.
func unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai)
}

func isSpace(c byte) bool       { return c == ' ' || '\t' <= c && c <= '\r' }
func isDigit(c byte) bool       { return '0' <= c && c <= '9' }
func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// isWordByte reports bytes that continue a word: ASCII letters and digits
// and the lead bytes of non-ASCII runes (treated as letters here).
func isWordByte(c byte) bool { return isASCIILetter(c) || isDigit(c) || c >= utf8.RuneSelf }
