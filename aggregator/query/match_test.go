package query

import (
	"testing"
)

// matchDoc is the document most match tests run against.
var matchDoc = &Doc{
	Title:      "Zelenskyy meets Łukaszenka's rivals in Łódź as grain deal talks resume",
	Content:    "Ukraine's president arrived on Tuesday. The Black Sea grain corridor reopened after weeks of talks; F-16 pilots train abroad.\nSecond paragraph: Зеленський подякував Польщі.",
	Authors:    []string{"Jane Smith", "Piotr Nowak"},
	Categories: []string{"World news", "Europe"},
	Source:     []string{"The Guardian – World", "News"},
	URL:        "https://www.theguardian.com/world/2023/jul/01/zelenskyy-lodz-grain",
	Language:   "en-GB", // English: words match whole (lang_test.go has the inflected languages)
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  bool
	}{
		// Whole words, case and diacritics.
		{"word in title", "zelenskyy", true},
		{"word is whole", "zelensky", false},
		{"word any case", "ZELENSKYY", true},
		{"word in content", "tuesday", true},
		{"word before apostrophe", "ukraine", true},
		{"polish query matches folded text", "Łódź", true},
		{"folded query matches polish text", "lodz", true},
		{"stroke letter folded", "lukaszenka", true},
		{"cyrillic", "зеленський", true},
		{"cyrillic upper case", "ЗЕЛЕНСЬКИЙ", true},
		{"cyrillic prefix", "зеленськ*", true},
		{"cyrillic inflection", "польщі", true},
		{"absent word", "kherson", false},
		{"digits", "f-16", true},

		// Prefixes.
		{"prefix", "zelensk*", true},
		{"prefix is a whole word prefix", "elensk*", false},
		{"prefix matches the word itself", "grain*", true},
		{"prefix of folded text", "łuk*", true},

		// Phrases.
		{"phrase", `"grain deal"`, true},
		{"phrase needs order", `"deal grain"`, false},
		{"phrase needs adjacency", `"grain talks"`, false},
		{"phrase across punctuation", `"black sea grain"`, true},
		{"phrase with prefix", `"grain corr*"`, true},
		{"phrase across a sentence", `"tuesday the black"`, true},
		{"phrase across line break", `"abroad second"`, true},
		{"phrase not across fields", `"resume ukraine"`, false},
		{"phrase not across values", `"smith piotr"`, false},

		// Regular expressions see the folded text.
		{"regex", "/zelensk(y|yy|iy)/", true},
		{"regex ignores case", "/ZELENSKYY/", true},
		{"regex on folded text", "/lodz/", true},
		{"regex does not see diacritics", "/łódź/", false},
		{"regex is not anchored to words", "/elensk/", true},
		{"regex in a field", `url:/\d{4}\/jul/`, true},
		{"regex that does not match", "/kherson/", false},

		// Boolean operators.
		{"and", "grain deal", true},
		{"and fails", "grain kherson", false},
		{"or", "kherson OR grain", true},
		{"or fails", "kherson OR bakhmut", false},
		{"not", "-kherson", true},
		{"not fails", "NOT grain", false},
		{"precedence", "kherson grain OR deal", true},
		{"grouping", "kherson (grain OR deal)", false},
		{"lower-case or is a word", "kherson or grain", false},

		// Fields.
		{"title", "title:grain", true},
		{"title only", "title:tuesday", false},
		{"content", "content:corridor", true},
		{"content only", "content:zelenskyy", false},
		{"author", `author:"jane smith"`, true},
		{"author only", "author:grain", false},
		{"author second value", "author:nowak", true},
		{"category", "category:europe", true},
		{"category is searched by default", "europe", true},
		{"source", "source:guardian", true},
		{"source not by default", "guardian", false},
		{"url", "url:theguardian.com", true},
		{"url not by default", "theguardian", false},
		{"url path words", "url:jul", true},
		{"lead holds the title", "lead:zelenskyy", true},
		{"lead holds the first sentence", "lead:tuesday", true},
		{"lead stops after it", "lead:corridor", false},
		{"field on a group", "title:(kherson OR łódź)", true},
		{"field on a group fails", "title:(kherson OR corridor)", false},
		{"not in a field", "-title:corridor", true},

		// NEAR.
		{"near", "grain NEAR/1 talks", true},
		{"near too far", "zelenskyy NEAR/2 deal", false},
		{"near far enough", "zelenskyy NEAR/8 deal", true},
		{"near either order", "deal NEAR/0 grain", true},
		{"near zero means adjacent", "meets NEAR/0 rivals", false},
		{"near of phrases", `"black sea" NEAR/3 "grain corridor"`, true},
		{"near of groups", "(bakhmut OR grain) NEAR/2 (corridor OR kherson)", true},
		{"near chained", "(black NEAR/1 grain) NEAR/2 reopened", true},
		{"near not across fields", "resume NEAR/5 ukraine", false},
		{"near not across values", "smith NEAR/5 piotr", false},
		{"near does not overlap", "grain NEAR/3 grain*", false},
		{"near in a field", "content:(grain NEAR/1 corridor)", true},
		{"near in a field fails", "title:(grain NEAR/1 corridor)", false},
	}
	p := Prepare(matchDoc)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Compile(tt.query)
			if err != nil {
				t.Fatalf("Compile(%q): %v", tt.query, err)
			}
			if got := q.Match(p); got != tt.want {
				t.Errorf("%s: Match = %v, want %v\n%s", tt.query, got, tt.want, q.Explain(p))
			}
			if got := q.Explain(p).Matched; got != tt.want {
				t.Errorf("%s: Explain().Matched = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

// TestMatchVariants checks spellings a topic about Ukraine's president meets
// in real feeds: Latin transliterations and Cyrillic, with one query.
func TestMatchVariants(t *testing.T) {
	q, err := Compile(`zelensk* OR zelenskiy OR зеленськ* OR зеленск*`)
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{
		"Zelensky visits Washington",
		"Zelenskyy visits Washington",
		"President Zelenskiy's speech",
		"ZELENSKY: no ceasefire",
		"Зеленський відвідав Вашингтон",
		"Зеленский посетил Вашингтон",
		"Volodymyr Zełenski w Warszawie",
	} {
		t.Run(title, func(t *testing.T) {
			if !q.Match(Prepare(&Doc{Title: title})) {
				t.Errorf("%q does not match %s", title, q)
			}
		})
	}
	t.Run("not a different name", func(t *testing.T) {
		if q.Match(Prepare(&Doc{Title: "Zelenograd news"})) {
			t.Error("matched Zelenograd")
		}
	})
}

// TestMatchPolish checks Polish inflection and diacritics, as Polish feeds
// write about the war.
func TestMatchPolish(t *testing.T) {
	doc := Prepare(&Doc{
		Title:   "Wojna w Ukrainie. Ostrzał Charkowa i Zaporoża",
		Content: "Rosjanie zaatakowali Kijów. Prigożyn i Grupa Wagnera. Łuck, Żytomierz.",
	})
	tests := []struct {
		query string
		want  bool
	}{
		{"ukrain*", true},
		{"wojna", true},
		{"ostrzal", true},
		{"ostrzał", true},
		{"OSTRZAŁ", true},
		{"charkow*", true},
		{"zaporoz*", true},
		{"kijow", true},
		{"kijów", true},
		{"prigozyn", true},
		{"prigożyn", true},
		{"wagner*", true},
		{"luck", true},
		{"zytomierz", true},
		{"żytomierz", true},
		{"rosja", false},
		{"rosj*", true},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := Compile(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Match(doc); got != tt.want {
				t.Errorf("%s: Match = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestMatchEmptyDoc(t *testing.T) {
	p := Prepare(&Doc{})
	for _, tt := range []struct {
		query string
		want  bool
	}{
		{"ukraine", false},
		{"-ukraine", true},
		{"/.*/", true},
		{"/./", false},
		{"a NEAR/3 b", false},
		{`"a b"`, false},
		{"url:x", false},
	} {
		t.Run(tt.query, func(t *testing.T) {
			q, err := Compile(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Match(p); got != tt.want {
				t.Errorf("%s on an empty doc: Match = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestMatchURLEscapes(t *testing.T) {
	p := Prepare(&Doc{URL: "https://www.pravda.com.ua/news/%D0%B2%D1%96%D0%B9%D0%BD%D0%B0/"})
	q, err := Compile("url:війна")
	if err != nil {
		t.Fatal(err)
	}
	if !q.Match(p) {
		t.Error("a percent-encoded Cyrillic URL slug did not match")
	}
}

// TestConcurrentUse prepares and matches from several goroutines at once
// (run with -race): queries and prepared items are shared freely.
func TestConcurrentUse(t *testing.T) {
	q, err := Compile(`(łódź OR зеленськ*) (grain NEAR/2 deal) /zelensk/`)
	if err != nil {
		t.Fatal(err)
	}
	shared := Prepare(matchDoc)
	done := make(chan bool)
	for range 4 {
		go func() {
			ok := true
			for range 50 {
				ok = ok && q.Match(Prepare(matchDoc)) && q.Match(shared) && q.Explain(shared).Matched
			}
			done <- ok
		}()
	}
	for range 4 {
		if !<-done {
			t.Error("a concurrent match failed")
		}
	}
}
