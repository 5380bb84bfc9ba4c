package fingerprint

// stopwords are English function words and reporting verbs that carry no
// evidence of which article a text is: two ledes sharing "the", "said" and
// "after" are not alike. Words are compared after normalisation (lower
// case, apostrophes joined). One-letter words are stopwords too.
var stopwords = map[string]bool{}

func init() {
	for _, w := range []string{
		"a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
		"be", "been", "before", "being", "between", "both", "but", "by",
		"can", "could", "did", "do", "does", "during", "each", "for", "from",
		"had", "has", "have", "he", "her", "here", "hers", "him", "his", "how",
		"i", "if", "in", "into", "is", "it", "its", "just", "may", "me", "might", "more", "most", "mr", "mrs", "ms", "must", "my",
		"new", "no", "not", "now", "of", "off", "on", "one", "only", "or", "other", "our", "out", "over",
		"said", "say", "says", "she", "should", "so", "some", "such",
		"than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
		"under", "until", "up", "us", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
		"will", "with", "would", "you", "your",
	} {
		stopwords[w] = true
	}
}

// isStopword reports whether a normalised word is a stopword.
func isStopword(w []byte) bool {
	if len(w) == 1 && w[0] < 0x80 && !isDigit(w[0]) {
		return true
	}
	return stopwords[string(w)]
}

// stem strips one common English inflection ("-ing", "-ed", "-es", "-s")
// from a word of four letters or more, keeping at least three letters and
// leaving "-ss" words alone, so that "killed", "kills" and "killing" meet
// and "presided" meets "presiding". It is deliberately light: it only has
// to make two reports of one wire story agree, not to find dictionary
// stems.
func stem(w []byte) []byte {
	if len(w) <= 3 || isDigit(w[0]) || hasSuffix(w, "ss") {
		return w
	}
	for _, suf := range [...]string{"ing", "ed", "es", "s"} {
		if hasSuffix(w, suf) && len(w)-len(suf) >= 3 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

func hasSuffix(w []byte, suf string) bool {
	return len(w) >= len(suf) && string(w[len(w)-len(suf):]) == suf
}
