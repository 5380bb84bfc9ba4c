package opml

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"

	"github.com/feedloom/feedloom/aggregator"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// foldMarks removes combining marks after canonical decomposition, so "Łódź
// café" slugs as "lodz-cafe".
var foldMarks = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// strokeLetters are Latin letters that carry a stroke rather than a
// combining mark and so do not decompose.
var strokeLetters = strings.NewReplacer("ł", "l", "Ł", "l", "đ", "d", "Đ", "d", "ø", "o", "Ø", "o", "ß", "ss", "æ", "ae", "Æ", "ae", "œ", "oe", "Œ", "oe", "ħ", "h", "ı", "i")

// Slugify turns a name into a folder name of [a-z0-9-]. Names with no Latin
// letters or digits (a Cyrillic category, say) get a short stable hash so
// that they still have a folder of their own.
func Slugify(name string) string {
	folded, _, err := transform.String(foldMarks, strokeLetters.Replace(name))
	if err != nil {
		folded = name
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(folded) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	s := b.String()
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	if s == "" {
		h := sha256.Sum256([]byte(name))
		s = "x-" + hex.EncodeToString(h[:4])
	}
	return s
}

// assignSlugs gives every category and topic a unique folder name, in OPML
// order, so the same file always yields the same folders. "all" is taken
// by the merged output.
func assignSlugs(c *aggregator.Collection) {
	used := map[string]bool{"all": true}
	unique := func(base string) string {
		s := base
		for n := 2; used[s]; n++ {
			s = base + "-" + strconv.Itoa(n)
		}
		used[s] = true
		return s
	}
	for i := range c.Categories {
		c.Categories[i].Slug = unique(Slugify(c.Categories[i].Name))
	}
	for i := range c.Topics {
		c.Topics[i].Slug = unique(Slugify(c.Topics[i].Name))
	}
}
