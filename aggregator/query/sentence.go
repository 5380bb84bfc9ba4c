package query

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// leadMinWords is the fewest words a first sentence has: it keeps
// abbreviations such as "Sen." or "Gen." from ending the lead early.
const leadMinWords = 4

// firstSentenceEnd returns the byte offset in text where its first
// sentence ends, or len(text). A sentence ends at a line break, or after a
// ".", "!", "?" or "…" (and any closing quotes or brackets) that is
// followed by space and then a capital letter, a digit or an opening
// quote. A candidate end counts only when long(offset) accepts it, so
// that "U.S." or "Sen. Smith" at the start do not end the sentence.
func firstSentenceEnd(text string, long func(off int) bool) int {
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch r {
		case '\n':
			if long(i - size) {
				return i - size
			}
		case '.', '!', '?', '…':
			end := i
			for end < len(text) {
				q, n := utf8.DecodeRuneInString(text[end:])
				if !strings.ContainsRune(`"')]’”»`, q) {
					break
				}
				end += n
			}
			if startsSentence(text[end:]) && long(end) {
				return end
			}
		}
	}
	return len(text)
}

// startsSentence reports whether s is space followed by what can begin a
// sentence.
func startsSentence(s string) bool {
	trimmed := strings.TrimLeftFunc(s, unicode.IsSpace)
	if len(trimmed) == len(s) || trimmed == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(trimmed)
	return unicode.IsUpper(r) || unicode.IsTitle(r) || unicode.IsDigit(r) ||
		strings.ContainsRune(`"'(“‘«„`, r)
}
