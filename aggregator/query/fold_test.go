package query

import (
	"slices"
	"strings"
	"testing"
)

func TestFoldWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"ascii", "Ukraine war", []string{"ukraine", "war"}},
		{"empty", "", nil},
		{"punctuation only", "!? — …", nil},
		{"apostrophe splits", "Zelensky's plea", []string{"zelensky", "s", "plea"}},
		{"curly apostrophe splits", "Zelensky’s plea", []string{"zelensky", "s", "plea"}},
		{"hyphen splits", "Ukraine-Russia F-16", []string{"ukraine", "russia", "f", "16"}},
		{"digits", "64km convoy", []string{"64km", "convoy"}},
		{"polish stroke l", "Łódź", []string{"lodz"}},
		{"polish all diacritics", "ZAŻÓŁĆ GĘŚLĄ JAŹŃ", []string{"zazolc", "gesla", "jazn"}},
		{"polish inflection keeps its ending", "Ukrainę, Ukrainie", []string{"ukraine", "ukrainie"}},
		{"cyrillic case", "ЗЕЛЕНСЬКИЙ Зеленський", []string{"zelenskii", "zelenskii"}},
		{"cyrillic yi and short i", "Київ", []string{"kyiv"}},
		{"cyrillic yo", "Ёлка", []string{"elka"}},
		{"german sharp s", "Straße", []string{"strasse"}},
		{"danish o with stroke", "Ørsted", []string{"orsted"}},
		{"croatian d with stroke", "Đoković", []string{"dokovic"}},
		{"turkish dotted capital", "İstanbul", []string{"istanbul"}},
		{"ligature", "ﬁnal", []string{"final"}},
		{"full width", "Ｕｋｒａｉｎｅ", []string{"ukraine"}},
		{"decomposed input", "Zelensky\u0301", []string{"zelensky"}},
		{"no-break space separates", "Kyiv\u00a0Lviv", []string{"kyiv", "lviv"}},
		{"mixed scripts", "Kyiv/Київ", []string{"kyiv", "kyiv"}},
		{"invalid utf-8 is not a word", "a\xffb", []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := foldWords(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("foldWords(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFoldIdempotent checks that folding folded words changes nothing:
// queries print folded words and must read back the same.
func TestFoldIdempotent(t *testing.T) {
	for _, s := range []string{"Łódź", "ЗЕЛЕНСЬКИЙ", "Straße", "İstanbul", "ﬁnal", "Ｕｋｒａｉｎｅ", "ǅemal", "Ḁḁ", "ﬀ"} {
		t.Run(s, func(t *testing.T) {
			once := foldWords(s)
			twice := foldWords(strings.Join(once, " "))
			if !slices.Equal(once, twice) {
				t.Errorf("fold(%q) = %q, fold of that = %q", s, once, twice)
			}
		})
	}
}

func TestFoldTextKeepsSeparators(t *testing.T) {
	got, spans := foldText("Łódź, 2022: Зеленський!", nil)
	if want := "lodz, 2022: zelenskii!"; got != want {
		t.Errorf("folded text = %q, want %q", got, want)
	}
	if len(spans) != 3 {
		t.Fatalf("got %d words, want 3", len(spans))
	}
	if w := got[spans[2].start:spans[2].end]; w != "zelenskii" {
		t.Errorf("third word = %q", w)
	}
}

func TestFirstSentence(t *testing.T) {
	always := func(int) bool { return true }
	tests := []struct{ name, in, want string }{
		{"one sentence", "Just one sentence", "Just one sentence"},
		{"period", "First one here. Second one.", "First one here."},
		{"question", "Is it over? Nobody knows.", "Is it over?"},
		{"closing quote", `He said "go now." Then left.`, `He said "go now."`},
		{"lower case follows", "The U.S. military said. More.", "The U.S. military said."},
		{"digit follows", "Prices rose. 2022 was hard.", "Prices rose."},
		{"line break", "Standfirst without a stop\nBody text. More.", "Standfirst without a stop"},
		{"ellipsis", "Wait for it… Then more.", "Wait for it…"},
		{"decimal point", "Growth was 2.5 percent. Next.", "Growth was 2.5 percent."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			end := firstSentenceEnd(tt.in, always)
			if got := tt.in[:end]; got != tt.want {
				t.Errorf("first sentence of %q = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLeadSkipsShortSentences(t *testing.T) {
	p := Prepare(&Doc{Title: "Title", Content: "Sen. Smith spoke about the grain deal today. Russia replied later."})
	if !p.fields[fieldLead].has(wordPattern{word: "grain"}) {
		t.Error(`lead lost "grain": "Sen." ended the first sentence`)
	}
	if p.fields[fieldLead].has(wordPattern{word: "replied"}) {
		t.Error(`lead holds "replied", from the second sentence`)
	}
}
