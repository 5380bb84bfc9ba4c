package query

import "testing"

// TestLanguages pins the documented language rules (lang.go, README
// Topics): transliteration both ways, inflected Polish, Ukrainian and
// Russian forms chosen by language or script, and CJK substrings.
func TestLanguages(t *testing.T) {
	tests := []struct {
		name, query string
		doc         Doc
		want        bool
	}{
		{"latin query, ukrainian text", "kyiv", Doc{Title: "Вибухи у Київ"}, true},
		{"latin prefix, russian text", "zelensk*", Doc{Title: "Зеленский выступил"}, true},
		{"latin prefix, ukrainian text", "zelensk*", Doc{Title: "Зеленський виступив"}, true},
		{"latin word, ukrainian surname", "zelenskyy", Doc{Title: "Зеленський у Вашингтоні"}, true},
		{"cyrillic query, latin text", "київ", Doc{Title: "Strikes on Kyiv"}, true},
		{"russian spelling is another word", "kyiv", Doc{Title: "Взрывы в Киев"}, false},
		{"alternatives cover it", "kyiv OR kiev", Doc{Title: "Взрывы в Киев"}, true},
		{"polish inflection", "bachmut", Doc{Title: "Ciężkie walki pod Bachmutem"}, true},
		{"polish feminine noun", "wojna", Doc{Title: "Wojny nie będzie", Language: "pl"}, true},
		{"polish locative", "wojna", Doc{Title: "Mówił o wojnie", Language: "pl-PL"}, true},
		{"polish stem is not a prefix", "wojna", Doc{Title: "Wojnowski wygrał", Language: "pl"}, false},
		{"russian genitive", "kherson", Doc{Title: "Обстрел Херсона"}, true},
		{"ukrainian instrumental", "bakhmut", Doc{Title: "Бої за Бахмутом"}, true},
		{"english text: whole words only", "bakhmut", Doc{Title: "Bakhmutem is not English"}, false},
		{"language tag wins over script", "bachmut", Doc{Title: "Pod Bachmutem — Łódź", Language: "en"}, false},
		{"script fallback: polish letters", "rosja", Doc{Title: "Sankcje wobec Rosji, Łukaszenka milczy"}, true},
		{"short word matches exactly", "gaz", Doc{Title: "Gazu zabraknie", Language: "pl"}, false},
		{"japanese substring", "地震", Doc{Title: "東京で地震"}, true},
		{"japanese absent", "津波", Doc{Title: "東京で地震"}, false},
		{"chinese in content", "content:乌克兰", Doc{Content: "俄罗斯与乌克兰的战争"}, true},
		{"cjk phrase keeps order", "震地", Doc{Title: "東京で地震"}, false},
		{"katakana", "ウクライナ", Doc{Title: "ウクライナ情勢"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Compile(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Match(Prepare(&tc.doc)); got != tc.want {
				t.Errorf("%s on %q: got %v, want %v\n%s", tc.query, tc.doc.Title+tc.doc.Content, got, tc.want, q.Explain(Prepare(&tc.doc)))
			}
		})
	}
}

func TestStem(t *testing.T) {
	for w, want := range map[string]string{"wojna": "wojn", "bachmut": "bachmut", "kyiv": "kyiv", "rosja": "rosj", "gaz": "gaz", "khersona": "kherson"} {
		if got := stem(w); got != want {
			t.Errorf("stem(%q) = %q, want %q", w, got, want)
		}
	}
}

func TestTransliterate(t *testing.T) {
	for in, want := range map[string]string{
		"Київ": "kyiv", "Києві": "kyievi", "Європа": "yevropa", "Харків": "kharkiv", "Харьков": "kharkov",
		"Запоріжжя": "zaporizhzhya", "Запорожье": "zaporozhe", "Щастя": "shchastya", "Москва": "moskva",
	} {
		if got := foldWords(in); len(got) != 1 || got[0] != want {
			t.Errorf("foldWords(%q) = %q, want %q", in, got, want)
		}
	}
}
