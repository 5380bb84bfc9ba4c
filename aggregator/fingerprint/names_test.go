package fingerprint

import (
	"slices"
	"strings"
	"testing"
)

func hashes(ws ...string) Words {
	var out Words
	for _, w := range ws {
		out = append(out, word16([]byte(w)))
	}
	return out
}

func TestNames(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"place and figure", "Officials in Kyiv counted 20,000 people.", []string{"kyiv", "20000"}},
		{"multi-word name counts by its last word", "Aid was promised by President Joe Biden and Vladimir Putin.", []string{"biden", "putin"}},
		{"name opening a sentence", "Vladimir Putin spoke. Then Putin left.", []string{"putin"}},
		{"single capital opening a sentence", "Moscow denied it. Officials in Kyiv agreed.", []string{"kyiv"}},
		{"after a colon or quotation mark", `The answer: Prices rose, he said "Costs too".`, nil},
		{"punctuation separates names", "Talks with Russia, Ukraine and Belarus", []string{"russia", "ukraine", "belarus"}},
		{"hyphen separates names", "the Russia-Ukraine war", []string{"russia", "ukraine"}},
		{"stopwords break a run", "a report by the Bank of England", []string{"bank", "england"}},
		{"days and months are not names", "Rescuers arrived on Tuesday, 3 March, in Braga.", []string{"3", "braga"}},
		{"repeated names count once", "Floods hit Braga; Braga is cut off, and 14 of 14 roads closed.", []string{"braga", "14"}},
		{"no names", "rain fell on the valley all week long and into the night.", nil},
		{"diacritics and non-Latin capitals", "Flights from Zürich to Київ resumed.", []string{"zurich", "киів"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l nameList
			for w, sh := range tokens(tt.in) {
				l.add(w, sh)
			}
			l.end()
			if got, want := Words(l.names[:l.n]), hashes(tt.want...); !slices.Equal(got, want) {
				t.Errorf("names of %q = %v, want %v %q", tt.in, got, want, tt.want)
			}
		})
	}
}

// TestNamesShortcut checks that Of, which skips lower-case words once it
// has its lede, reads the names every word gives.
func TestNamesShortcut(t *testing.T) {
	for _, it := range []item{wire, wireUpdate, named, stock, stockOther, templatedA, {"", longText(400)},
		{"", strings.Repeat("the river rose. e.g. Braga's don't Ab cd Ef-gh ij.K. ", 20)}} {
		if got, want := it.sig().Names, namesOf(it.text); !slices.Equal(got, want) {
			t.Errorf("%.40q: Of read names %v, every word gives %v", it.text, got, want)
		}
	}
}

func TestNamesCapped(t *testing.T) {
	s := Of("", "Rivers rose in Aldport, Brenwick, Caldmoor, Dunmere, Elsfield, Farrow, Glenholt, Harwick, Ivybridge, Jarrow, Kelby, Lanmore and Marsden overnight.")
	if len(s.Names) != maxNames {
		t.Fatalf("%d names, want %d", len(s.Names), maxNames)
	}
	if want := hashes("aldport", "brenwick"); !slices.Equal(s.Names[:2], want) {
		t.Errorf("names do not keep the text's order: %v", s.Names)
	}
}

func TestNamesAgree(t *testing.T) {
	w := func(ws ...uint16) Words { return ws }
	tests := []struct {
		name string
		a, b Words
		want bool
	}{
		{"no names on one side", nil, w(1, 2, 3), true},
		{"single name found", w(1), w(2, 1, 3), true},
		{"single name missing", w(1), w(2, 3), false},
		{"two names, one missing (a number updated)", w(1, 2), w(1, 3), true},
		{"two names, both missing", w(1, 2), w(3, 4, 5), false},
		{"seven names, one missing", w(1, 2, 3, 4, 5, 6, 7), w(1, 2, 3, 4, 5, 6, 9), true},
		{"seven names, two missing", w(1, 2, 3, 4, 5, 6, 7), w(1, 2, 3, 4, 5, 8, 9), false},
		{"eight names, two missing", w(1, 2, 3, 4, 5, 6, 7, 8), w(1, 2, 3, 4, 5, 6, 9, 10), true},
		{"eight names, three missing", w(1, 2, 3, 4, 5, 6, 7, 8), w(1, 2, 3, 4, 5, 9, 10, 11), false},
		{"twelve names, three missing", w(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), w(1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15), true},
		{"twelve names, four missing", w(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), w(1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 15, 16), false},
		{"the shorter list decides", w(1, 2, 3), w(1, 2, 3, 7, 8, 9, 10, 11, 12), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := namesAgree(tt.a, tt.b); got != tt.want {
				t.Errorf("namesAgree = %v, want %v", got, tt.want)
			}
			if got := namesAgree(tt.b, tt.a); got != tt.want {
				t.Errorf("namesAgree reversed = %v, want %v", got, tt.want)
			}
		})
	}
}
