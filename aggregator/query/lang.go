package query

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Three rules make Polish, Ukrainian, Russian, Chinese and Japanese text
// match without the query writer listing every form (README, Topics):
//
//  1. Transliteration. Folding writes Cyrillic in Latin letters (after
//     case and mark folding, so "й" is already "и" and "ї" is "і"): a word
//     with "і" or "є" takes the Ukrainian table ("и" → "y", "г" → "h"),
//     any other the Russian one ("и" → "i", "г" → "g"). Text and queries
//     fold alike, so "kyiv" finds "Київ", "zelensk*" finds "Зеленський"
//     and "Зеленский", and "київ" finds "Kyiv". Spellings that are not
//     transliterations (Kiev, Kijów) are alternatives in a word list:
//     "kyiv*|kiev*|kijow*".
//  2. Inflection. In an item in Polish, Ukrainian or Russian (its feed's
//     language, or else its script: Cyrillic letters or Polish diacritics),
//     a query word that is not a prefix also matches the forms made of
//     its stem and one of the common case endings of the three languages
//     (inflectionEndings): the stem is the word without the longest such
//     ending that leaves at least minStem letters. "bachmut" finds
//     "Bachmutem", "wojna" finds "wojny" and "wojnie", "kherson" finds
//     "Херсона". A stem that changes inside (Kijów → Kijowie: "kijow" is
//     the stem) is written as a prefix or an alternative.
//  3. CJK. Chinese and Japanese are written without spaces, so every Han,
//     Hiragana and Katakana character is a word of its own and a query
//     word in those scripts is the phrase of its characters: "地震" finds
//     "東京で地震" as a substring.

// minStem is the shortest stem the inflection rule strips a word to; a
// word shorter than that matches exactly ("gaz" is not "gazu"): short
// words are where stem and ending collide with other words.
const minStem = 4

// inflectionEndings are the common noun and adjective endings of Polish,
// Ukrainian and Russian as they read after folding (Polish "ą" is "a") and
// transliteration (Russian "ами" is "ami"). Not a stemmer: enough for
// names of places, people and the war's common nouns, which is what
// topic queries hold.
var inflectionEndings = func() []string {
	e := strings.Fields(`
		a e i o u y
		em om ie ow ia ii iu io ami ach ego emu ym im ej ich ymi imi owi owie iem iach iami owa owe owy
		ya yu ye ov ev ey oy yami akh yakh iy yy iye aya oye ogo omu ykh ikh iya iyu
		iv oyu eyu yamy amy yi ymy imy iyi`)
	slices.Sort(e)
	return slices.Compact(e)
}()

// isEnding reports whether s is one of inflectionEndings.
func isEnding(s string) bool {
	_, ok := slices.BinarySearch(inflectionEndings, s)
	return ok
}

// stem strips the longest inflection ending from a folded word, keeping at
// least minStem letters; it returns the word itself when none applies.
func stem(w string) string {
	best := w
	for _, e := range inflectionEndings {
		if strings.HasSuffix(w, e) && utf8.RuneCountInString(w)-len(e) >= minStem && len(w)-len(e) < len(best) {
			best = w[:len(w)-len(e)]
		}
	}
	return best
}

// inflectsAs reports whether text word t is word w or an inflected form
// of it: its stem plus one ending.
func inflectsAs(t, w, st string) bool {
	if t == w {
		return true
	}
	return strings.HasPrefix(t, st) && (len(t) == len(st) || isEnding(t[len(st):]))
}

// inflectedLanguage reports whether a language tag ("pl", "uk-UA",
// "ru") names a language the inflection rule serves.
func inflectedLanguage(tag string) bool {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	base, _, _ = strings.Cut(base, "_")
	switch base {
	case "pl", "uk", "ru", "be":
		return true
	}
	return false
}

// inflectedScript reports whether s holds Cyrillic letters or the letters
// only Polish uses among common languages.
func inflectedScript(s string) bool {
	for _, r := range s {
		if r < 0x100 {
			continue
		}
		if unicode.Is(unicode.Cyrillic, r) || strings.ContainsRune("ąćęłńśźżĄĆĘŁŃŚŹŻ", r) {
			return true
		}
	}
	return false
}

// isCJK reports whether r is a Han, Hiragana or Katakana character: each
// is a word of its own.
func isCJK(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

// russianLatin and ukrainianLatin transliterate folded Cyrillic (lower
// case, marks removed). They follow the common English-language
// romanisations (BGN/PCGN for Russian, the Ukrainian national system),
// without apostrophes.
var russianLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z", 'и': "i",
	'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y",
	'ь': "", 'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'є': "ye", 'ґ': "g", 'ў': "u",
	'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѕ': "dz",
}

var ukrainianLatin = func() map[rune]string {
	m := make(map[rune]string, len(russianLatin))
	for k, v := range russianLatin {
		m[k] = v
	}
	m['г'], m['и'], m['щ'] = "h", "y", "shch"
	return m
}()

// transliterate writes the Cyrillic letters of a folded chunk in Latin.
func transliterate(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x400 && r <= 0x52F }) {
		return s
	}
	table := russianLatin
	if strings.ContainsAny(s, "іє") {
		table = ukrainianLatin
	}
	var b strings.Builder
	b.Grow(len(s))
	prevLetter := false
	for _, r := range s {
		letter := unicode.IsLetter(r)
		if r == 'є' && prevLetter {
			// Ukrainian national system: "ie" inside a word (Києві is
			// "kyievi"), "ye" at its start (Європа is "yevropa").
			b.WriteString("ie")
			prevLetter = true
			continue
		}
		prevLetter = letter
		if l, ok := table[r]; ok {
			b.WriteString(l)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
