package fingerprint

// A copy of an article repeats its specifics: the people, places and
// organisations it names and the numbers it gives. Two articles on one
// subject share the obvious names ("Ukraine", "Kyiv") but each names its
// own witnesses, towns, figures and dates; and two texts assembled
// from stock phrases (press-release boilerplate, templated or generated
// copy) can share most of their words while naming different things. The
// names are also the rarest words of a text, which makes index keys built
// from them selective.
const (
	// maxNames is how many distinct names a Signature keeps, in the order
	// the text first gives them. Beyond the lede: the whole prose is read
	// (up to maxProseBytes) until this many are found.
	maxNames = 12
	// minNames is the fewest names for their order to give index keys;
	// a text with fewer is found through its lede's word pairs.
	minNames = 3
	// nameKeyNames is how many leading names give index keys: their
	// adjacent pairs, nameKeyNames-1 keys.
	nameKeyNames = 6
)

// nameList collects the names of a text from its words, in order: a
// number (any word with a digit), or a run of capitalised words separated
// by spaces only ("Joe Biden", "Vladimir Putin", "Kyiv"), which counts
// once, by its last word: "President Joe Biden", "Joe Biden" and "Biden"
// are one name, and the adjacent names of a text are different entities.
// A single capitalised word that opens a sentence (or follows a colon or
// quotation mark) is no name: capitals are automatic there. Stopwords are
// never part of a name ("The", "I"), and neither are the names of days
// and months: unrelated stories of one day share them, and a later
// version of a story changes them ("said Tuesday", "said Wednesday").
type nameList struct {
	names [maxNames]uint16
	n     int
	last  uint16 // the last word of the run of capitalised words being read
	run   int    // words in that run
	opens bool   // the run opened a sentence
}

// add reads the next word of the text.
func (l *nameList) add(w []byte, sh shape) {
	switch {
	case hasDigit(w):
		l.end()
		l.put(word16(w))
	case sh&capital != 0 && !isStopword(w) && !calendar[string(w)]:
		if l.run > 0 && sh&spaced == 0 {
			l.end()
		}
		if l.run == 0 {
			l.opens = sh&initial != 0
		}
		l.last = word16(w)
		l.run++
	default:
		l.end()
	}
}

// end closes the run of capitalised words being read, if any.
func (l *nameList) end() {
	if l.run > 1 || l.run == 1 && !l.opens {
		l.put(l.last)
	}
	l.run = 0
}

func (l *nameList) put(x uint16) {
	if l.n < len(l.names) && !containsWord(l.names[:l.n], x) {
		l.names[l.n] = x
		l.n++
	}
}

// full reports whether no more names will be kept.
func (l *nameList) full() bool { return l.n == len(l.names) }

// calendar holds the names of days and months, which are not names.
var calendar = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
}

func hasDigit(w []byte) bool {
	for _, c := range w {
		if isDigit(c) {
			return true
		}
	}
	return false
}

// namesAgree reports whether two texts' names allow them to be one
// article. The shorter list (distinct names) may miss names in the other
// list: none of a single name, one of two to seven, and a quarter of
// eight or more (two of 8 to 11, three of 12). A missing name is an edit
// (a number updated in a later version, a name dropped in a rewrite, a
// longer text whose first 12 names run past the other's); several are
// two texts. A text without names, or an empty list from a signature
// that does not carry them, is no evidence either way.
//
// It is the count of missing names that tells, not the share found: two
// articles on one subject share its stock names ("Ukraine", "Kyiv"), so
// a short list can agree in most of its names and still name different
// things. On the dev corpus every pair labelled same agrees (none misses
// a single name, none more than one of two to five), and NPR's AP article
// and Al Jazeera's gallery under one headline, labelled different, miss
// their single name. Pairs of unrelated texts of the synthetic benchmark
// workload (seeds 1-5) that pass the lede rules miss at least 2 of 2 to 5
// names, 3 of 6 or 7, 4 of 8, 5 of 9 and 6 or more of 10 to 12; its real
// copies miss at most 2 of 12.
func namesAgree(a, b Words) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return true
	}
	allowed := max(1, len(a)/4)
	if len(a) == 1 {
		allowed = 0
	}
	missing := 0
	for _, x := range a {
		if !containsWord(b, x) {
			if missing++; missing > allowed {
				return false
			}
		}
	}
	return true
}

// containsWord reports whether ws holds w; the lists are short (at most
// maxNames), so a scan beats sorting.
func containsWord(ws Words, w uint16) bool {
	for _, v := range ws {
		if v == w {
			return true
		}
	}
	return false
}
