package fingerprint

// The thresholds of the decision. They are round numbers chosen on the
// dedup-dev corpus (README.md) where the labelled classes separate with a
// margin, not fitted to the last pair.
const (
	// minTitleWords is the fewest headline content words for an identical
	// headline to count: "Live updates" or "Morning briefing" repeat across
	// outlets without being one article.
	minTitleWords = 4
	// minNearWords is the fewest content words of the shorter headline for
	// a near-identical headline to count.
	minNearWords = 5
	// maxPrefixDrop is the longest leading rubric a copy may drop
	// ("Ukraine war:", "Wait,").
	maxPrefixDrop = 3
	// ledeMatch is the Jaccard similarity of lede word pairs above which
	// two texts are one lede whatever the headlines say (when their names
	// agree). Independent reports of one event stay below 0.35 on the dev
	// corpus; copies and wire versions are above 0.55.
	ledeMatch = 0.45
	// ledeAgree is the share of the shorter lede's words the other lede
	// must contain for two identical headlines with texts to be one
	// article: a republication that reworded the summary keeps most of its
	// facts; independent articles under a stock headline rarely do.
	ledeAgree = 0.5
)

// Match says why two signatures are one article.
type Match uint8

const (
	// NoMatch means the signatures are not shown to be one article.
	NoMatch Match = iota
	// NearTitle: headlines equal but for one dropped word or a dropped
	// leading rubric, and at least one item has no text to compare.
	NearTitle
	// Title: identical headlines, and at least one item has no text.
	Title
	// TitleAndLede: identical headlines and ledes that agree.
	TitleAndLede
	// Lede: the ledes are one text, whatever the headlines.
	Lede
)

// String names m for logs and explanations.
func (m Match) String() string {
	switch m {
	case NoMatch:
		return "no match"
	case NearTitle:
		return "near-identical headline"
	case Title:
		return "identical headline"
	case TitleAndLede:
		return "identical headline and agreeing lede"
	case Lede:
		return "same lede"
	}
	return "unknown match"
}

// Compare decides whether two items are one article and says on what
// evidence. When both items have a text, it first asks whether their
// names agree (see namesAgree): a copy, or a version of one wire story,
// names the same people, places and figures. When the other text lacks
// more of the shorter list's names than an edit explains (a single name
// of one, two of up to seven, more than a quarter of eight or more), they
// are two articles, however alike their words and headlines. Then,
// strongest evidence first:
//
//  1. Lede: both texts have a lede and their word pairs overlap (Jaccard)
//     by at least 0.45: one text reached us twice, or one wire story in
//     two versions ("kills 27" → "kills 30"), even under different
//     headlines.
//  2. Identical headline (at least 4 content words): one article when
//     either item has no lede (MSN copies, Hacker News links), or when the
//     ledes agree (the shorter's words at least half found in the other).
//     Two identical headlines over ledes that disagree are two articles:
//     independent explainers under a stock headline ("Who could replace
//     Nicola Sturgeon…").
//  3. Near-identical headline: equal but for one word dropped anywhere or
//     a leading rubric of up to 3 words dropped, the shorter keeping at
//     least 5 content words, and at least one item without a lede. With
//     both ledes present only rule 1 can join them: independent reports
//     often differ from each other's headline by one word.
//
// Anything else is NoMatch. Compare is symmetric; it reads the sorted sets
// Of prepared and neither sorts nor allocates. The names check comes first
// because it is the cheapest and rejects most candidates that share a
// stock headline.
func Compare(a, b Signature) Match {
	if a.Version != Version || b.Version != Version {
		return NoMatch
	}
	both := len(a.Lede) > 0 && len(b.Lede) > 0
	if both && !namesAgree(a.Names, b.Names) {
		return NoMatch
	}
	if both && jaccard(a.Pairs, b.Pairs) >= ledeMatch {
		return Lede
	}
	if sameTitle(a, b) {
		switch {
		case !both:
			return Title
		case containment(a.Lede, b.Lede) >= ledeAgree:
			return TitleAndLede
		default:
			return NoMatch
		}
	}
	if !both && nearHead(a.Head, b.Head) {
		return NearTitle
	}
	return NoMatch
}

// Same reports whether two items (within the time window, from different
// sources) are one article: Compare(a, b) != NoMatch.
func Same(a, b Signature) bool {
	return Compare(a, b) != NoMatch
}

// Conflict reports whether two items look alike by headline (identical or
// near-identical) but carry texts that say they are different articles:
// ledes that disagree, or names that do.
// Same is a pairwise decision; a story grows by several of them, and a
// chain of Same can join items that Conflict (a BBC article, MSN's copy of
// it without a description, and Al Jazeera's own story under a headline
// one word longer). See Joins.
func Conflict(a, b Signature) bool {
	if a.Version != Version || b.Version != Version {
		return false
	}
	if len(a.Lede) == 0 || len(b.Lede) == 0 {
		return false
	}
	alike := sameTitle(a, b) || nearHead(a.Head, b.Head)
	return alike && Compare(a, b) == NoMatch
}

// Joins reports whether an item belongs to a story whose members (from
// other sources, within the time window) are given: it is the same article
// as at least one member and in conflict with none. This keeps a chain of
// pairwise decisions from joining two articles that were compared directly
// and found different.
func Joins(s Signature, members []Signature) bool {
	same := false
	for _, m := range members {
		if Conflict(s, m) {
			return false
		}
		same = same || Same(s, m)
	}
	return same
}

// sameTitle reports whether two headlines are identical and long enough
// to count (rule 2).
func sameTitle(a, b Signature) bool {
	return a.Title != 0 && a.Title == b.Title && min(len(a.Head), len(b.Head)) >= minTitleWords
}

// nearHead reports whether two headlines' content words are equal but for
// one word dropped from the longer or a leading rubric of up to
// maxPrefixDrop words dropped from it, the shorter keeping at least
// minNearWords words.
func nearHead(a, b Words) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	d := len(a) - len(b)
	if len(b) < minNearWords || d < 1 || d > maxPrefixDrop {
		return false
	}
	if equalWords(a[d:], b) {
		return true
	}
	if d != 1 {
		return false
	}
	i := 0 // a equals b with one word inserted at the first difference
	for i < len(b) && a[i] == b[i] {
		i++
	}
	return equalWords(a[i+1:], b[i:])
}

func equalWords(a, b Words) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
