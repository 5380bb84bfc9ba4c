package fingerprint

import (
	"slices"
	"testing"
)

func collect(s string) []string {
	var out []string
	for w := range words(s) {
		out = append(out, string(w))
	}
	return out
}

func TestWords(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"case and punctuation", "Storm Alba: Hits, the COAST!", []string{"storm", "alba", "hits", "the", "coast"}},
		{"curly possessive", "Norway’s fjords", []string{"norway", "fjords"}},
		{"straight possessive", "Norway's fjords", []string{"norway", "fjords"}},
		{"contraction joins", "don't panic", []string{"dont", "panic"}},
		{"plural possessive", "the ministers' plan", []string{"the", "ministers", "plan"}},
		{"quoted words", "‘Deep concern’ voiced", []string{"deep", "concern", "voiced"}},
		{"abbreviation", "U.S. Navy and U.N. team", []string{"us", "navy", "and", "un", "team"}},
		{"abbreviation at end", "talks with the E.U.", []string{"talks", "with", "the", "eu"}},
		{"not an abbreviation", "St. Ives", []string{"st", "ives"}},
		{"digit groups", "20,000 people and $5.6B", []string{"20000", "people", "and", "56b"}},
		{"number then comma", "kills 12, injures 40", []string{"kills", "12", "injures", "40"}},
		{"hyphen splits", "fast-track vote", []string{"fast", "track", "vote"}},
		{"diacritics folded", "Café in Zürich", []string{"cafe", "in", "zurich"}},
		{"letters without decomposition kept", "Łódź", []string{"łodz"}},
		{"compatibility forms", "ﬁnal Ｆｕｌｌ", []string{"final", "full"}},
		{"unspaced script, voicing mark folded", "東京で", []string{"東", "京", "て"}},
		{"cyrillic", "Киев Ukraine", []string{"киев", "ukraine"}},
		{"stray apostrophe", "' '", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := collect(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWordsStop(t *testing.T) {
	n := 0
	for range words("one two three four") {
		n++
		break
	}
	if n != 1 {
		t.Errorf("iteration did not stop: %d words", n)
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"killed", "kill"}, {"kills", "kill"}, {"killing", "kill"},
		{"presided", "presid"}, {"presiding", "presid"},
		{"wounds", "wound"}, {"expires", "expir"}, {"expired", "expir"},
		{"class", "class"}, {"bus", "bus"}, {"uses", "use"}, {"red", "red"},
		{"1990s", "1990s"}, {"sing", "sing"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := string(stem([]byte(tt.in))); got != tt.want {
				t.Errorf("stem(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStopword(t *testing.T) {
	for _, w := range []string{"the", "said", "x", "us"} {
		if !isStopword([]byte(w)) {
			t.Errorf("%q is not a stopword", w)
		}
	}
	for _, w := range []string{"storm", "4", "coast", "ł"} {
		if isStopword([]byte(w)) {
			t.Errorf("%q is a stopword", w)
		}
	}
}

func TestTokenShapes(t *testing.T) {
	type tok struct {
		w  string
		sh shape
	}
	tests := []struct {
		name, in string
		want     []tok
	}{
		{"sentence start", "Rain hit Braga. Then snow", []tok{{"rain", capital | initial}, {"hit", spaced}, {"braga", capital | spaced}, {"then", capital | initial}, {"snow", spaced}}},
		{"punctuation is not space", "Oslo, Bergen", []tok{{"oslo", capital | initial}, {"bergen", capital}}},
		{"colon and quote open", `said: "We`, []tok{{"said", initial}, {"we", capital | initial}}},
		{"non-ASCII capital", "in Łódź", []tok{{"in", initial}, {"łodz", capital | spaced}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []tok
			for w, sh := range tokens(tt.in) {
				got = append(got, tok{string(w), sh})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("tokens(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
