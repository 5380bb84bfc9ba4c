package fingerprint

import (
	"slices"
	"testing"
)

// item is a hand-written feed item: title and plain text.
type item struct{ title, text string }

func (it item) sig() Signature { return Of(it.title, it.text) }

// The fixtures below are invented; they imitate the shapes of real
// syndication (wire copy, reworded republication, aggregator copies) and
// of independent reporting on one event.
var (
	wire = item{
		"Flood waters cut off mountain villages in northern Portugal",
		"Rising flood waters have cut off at least a dozen mountain villages in northern Portugal, forcing hundreds of residents to wait on rooftops for rescue helicopters, officials said Tuesday.",
	}
	wireUpdate = item{
		"Flood waters cut off 20 mountain villages in northern Portugal, hundreds await rescue",
		"PORTO, Portugal (AP) — Rising flood waters have cut off at least 20 mountain villages in northern Portugal, forcing hundreds of residents to wait on rooftops for rescue helicopters, officials said Wednesday.",
	}
	wireRewrite = item{
		"Flood waters cut off mountain villages in northern Portugal",
		"Hundreds of residents in northern Portugal spent the night on rooftops awaiting rescue helicopters after flood waters cut off mountain villages, according to local officials.",
	}
	independent = item{
		"Flood waters cut off mountain villages in northern Portugal",
		"Torrential rain that began at the weekend has turned rivers in the Douro valley into torrents; our correspondent describes a region bracing for more.",
	}
	ownStory = item{
		"Floods isolate villages across northern Portugal as rain continues",
		"Emergency crews in the Douro region are struggling to reach communities isolated by days of torrential rain, with forecasters warning of more storms.",
	}
	noText       = item{"Flood waters cut off mountain villages in northern Portugal", ""}
	styled       = item{"FLOOD WATERS CUT OFF MOUNTAIN VILLAGES IN NORTHERN PORTUGAL!", ""}
	oneDropped   = item{"Flood waters cut off villages in northern Portugal", ""}
	rubric       = item{"Europe floods: Flood waters cut off mountain villages in northern Portugal", "Rescue teams in Portugal describe their worst week in decades and what comes next for the valley."}
	substituted  = item{"Flood waters cut off mountain towns in northern Portugal", ""}
	metadataText = item{"Flood waters cut off mountain villages in northern Portugal", "Article URL: https://example.com/floods\nComments URL: https://news.example.com/item?id=7\nPoints: 31\n# Comments: 12"}
	captionText  = item{"Flood waters cut off mountain villages in northern Portugal", "Residents on a rooftop near the river on Jan. 9, 2024. (Jane Roe/AP Photo)"}
	shortTitle   = item{"Portugal floods live", ""}
	shortTitle2  = item{"Portugal floods live", ""}
	nearShort    = item{"Floods in Portugal", ""}
	nearShort2   = item{"Big floods in Portugal", ""}
	// named gives more than three names: its text keys are name pairs.
	named = item{
		"Flood waters cut off mountain villages in northern Portugal",
		"Rescue crews from Braga and Viana do Castelo reached 14 villages near Ponte da Barca on Monday, the civil protection agency ANEPC said.",
	}
	// stock and stockOther are templated texts: the same stock phrases
	// under one headline, naming different places and figures.
	stock = item{
		"Council approves harbour budget plan after long debate",
		"In a statement released on Tuesday, officials said the plan would take several years to complete in Dunmore. Critics argued that costs had risen sharply since the spring, by 12.5 percent. Supporters of the measure said the proposal enjoys broad support in Kelby.",
	}
	stockOther = item{
		"Council approves harbour budget plan after long debate",
		"In a statement released on Tuesday, officials said the plan would take several years to complete in Arlow. Critics argued that costs had risen sharply since the spring, by 3.1 percent. Supporters of the measure said the proposal enjoys broad support in Tamsin.",
	}
	stockCopy = item{"Council approves harbour budget plan after long debate", stock.text}
)

func TestCompare(t *testing.T) {
	tests := []struct {
		name     string
		a, b     item
		want     Match
		conflict bool
	}{
		{"identical headline, one without text (aggregator copy)", wire, noText, Title, false},
		{"headline differing only in case and punctuation", noText, styled, Title, false},
		{"identical headline, reworded lede with the same facts", wire, wireRewrite, TitleAndLede, false},
		{"identical headline, independently written ledes", wire, independent, NoMatch, true},
		{"later version of a wire story under a new headline", wire, wireUpdate, Lede, false},
		{"same event, own reporting", wire, ownStory, NoMatch, false},
		{"one word dropped, no text", noText, oneDropped, NearTitle, false},
		{"one word dropped, text on one side", wire, oneDropped, NearTitle, false},
		{"leading rubric dropped, text on one side", rubric, noText, NearTitle, false},
		{"leading rubric dropped, ledes disagree", rubric, wire, NoMatch, true},
		{"one word substituted, no text", noText, substituted, NoMatch, false},
		{"aggregator metadata is no text", wire, metadataText, Title, false},
		{"photo caption is no text", wire, captionText, Title, false},
		{"identical headline too short to count", shortTitle, shortTitle2, NoMatch, false},
		{"near headline too short to count", nearShort, nearShort2, NoMatch, false},
		{"nothing at all", item{}, item{}, NoMatch, false},
		{"stock phrases naming different places and figures", stock, stockOther, NoMatch, true},
		{"stock phrases, a copy", stock, stockCopy, Lede, false},
		{"stock phrases under another headline", stock, item{"Harbour plan gets go-ahead", stockOther.text}, NoMatch, false},
		{"a longer version naming more", wire, item{wire.title, wire.text + " Braga and Viana do Castelo were worst hit, the civil protection agency ANEPC said."}, Lede, false},
		{"own story naming other places", wire, named, NoMatch, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := tt.a.sig(), tt.b.sig()
			if got := Compare(a, b); got != tt.want {
				t.Errorf("Compare = %v, want %v", got, tt.want)
			}
			if got := Compare(b, a); got != tt.want {
				t.Errorf("Compare reversed = %v, want %v", got, tt.want)
			}
			if got := Same(a, b); got != (tt.want != NoMatch) {
				t.Errorf("Same = %v, want %v", got, tt.want != NoMatch)
			}
			if got := Conflict(a, b); got != tt.conflict {
				t.Errorf("Conflict = %v, want %v", got, tt.conflict)
			}
			if tt.want != NoMatch && !shareKey(a, b) {
				t.Errorf("matching signatures share no key: %x and %x", a.Keys(), b.Keys())
			}
		})
	}
}

func shareKey(a, b Signature) bool { return Meet(a, b) }

func TestCompareVersion(t *testing.T) {
	a, b := wire.sig(), noText.sig()
	b.Version = Version + 1
	if Same(a, b) || Conflict(a, b) || b.Keys() != nil {
		t.Error("signatures of another version compared")
	}
	if Same(Signature{}, Signature{}) || (Signature{}).Keys() != nil {
		t.Error("zero signatures compared")
	}
}

// TestJoins is the chain a pairwise decision cannot see: an agency story,
// an aggregator's copy of it without text, and another outlet's own story
// under a headline one word longer than the copy's.
func TestJoins(t *testing.T) {
	agency := wire.sig()
	copyNoText := noText.sig()
	other := item{
		"Deadly flood waters cut off mountain villages in northern Portugal",
		"Our reporter travelled with a rescue crew through the flooded Douro valley, where roads have vanished under brown water.",
	}.sig()
	if !Same(other, copyNoText) {
		t.Fatal("fixture: the other story should match the copy by headline")
	}
	if Joins(other, []Signature{agency, copyNoText}) {
		t.Error("joined a story holding an article it conflicts with")
	}
	if !Joins(other, []Signature{copyNoText}) {
		t.Error("did not join a story it matches")
	}
	if !Joins(wireRewrite.sig(), []Signature{agency, copyNoText}) {
		t.Error("did not join the story of its wire original")
	}
	if Joins(ownStory.sig(), []Signature{agency, copyNoText}) || Joins(agency, nil) {
		t.Error("joined without a match")
	}
}

func TestNearHead(t *testing.T) {
	w := func(ws ...uint16) Words { return ws }
	tests := []struct {
		name string
		a, b Words
		want bool
	}{
		{"word dropped inside", w(1, 2, 3, 9, 4, 5), w(1, 2, 3, 4, 5), true},
		{"word dropped at end", w(1, 2, 3, 4, 5, 9), w(1, 2, 3, 4, 5), true},
		{"word dropped at start", w(9, 1, 2, 3, 4, 5), w(1, 2, 3, 4, 5), true},
		{"three-word rubric", w(7, 8, 9, 1, 2, 3, 4, 5), w(1, 2, 3, 4, 5), true},
		{"four-word rubric", w(6, 7, 8, 9, 1, 2, 3, 4, 5), w(1, 2, 3, 4, 5), false},
		{"two words dropped inside", w(1, 9, 2, 3, 9, 4, 5), w(1, 2, 3, 4, 5), false},
		{"equal", w(1, 2, 3, 4, 5), w(1, 2, 3, 4, 5), false},
		{"substituted", w(1, 2, 3, 4, 6), w(1, 2, 3, 4, 5), false},
		{"shorter too short", w(1, 2, 3, 4, 9), w(1, 2, 3, 4), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nearHead(tt.a, tt.b); got != tt.want {
				t.Errorf("nearHead = %v, want %v", got, tt.want)
			}
			if got := nearHead(tt.b, tt.a); got != tt.want {
				t.Errorf("nearHead reversed = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSimilarity(t *testing.T) {
	w := func(ws ...uint16) Words { return ws }
	tests := []struct {
		name             string
		a, b             Words
		contain, jaccard float64
	}{
		{"equal", w(1, 2, 3, 4), w(1, 2, 3, 4), 1, 1},
		{"subset", w(1, 2, 3), w(1, 2, 3, 4, 5), 1, 3.0 / 5},
		{"overlap", w(1, 2, 3, 4), w(3, 4, 5, 6), 0.5, 2.0 / 6},
		{"disjoint", w(1, 2, 3), w(4, 5, 6), 0, 0},
		{"empty", nil, w(1, 2), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := containment(tt.a, tt.b); got != tt.contain {
				t.Errorf("containment = %v, want %v", got, tt.contain)
			}
			if got := jaccard(tt.a, tt.b); got != tt.jaccard {
				t.Errorf("jaccard = %v, want %v", got, tt.jaccard)
			}
			if got := jaccard(tt.b, tt.a); got != tt.jaccard {
				t.Errorf("jaccard reversed = %v, want %v", got, tt.jaccard)
			}
		})
	}
}

// TestOfSets checks what Of derives from a lede: distinct sorted words,
// and pairs that keep the text's word order.
func TestOfSets(t *testing.T) {
	a := Of("", "storms floods storms floods storms floods rain")
	if want := 3; len(a.Lede) != want || !slices.IsSorted(a.Lede) {
		t.Errorf("Lede = %v, want %d sorted distinct words", a.Lede, want)
	}
	if want := 3; len(a.Pairs) != want || !slices.IsSorted(a.Pairs) { // storm-flood, flood-storm, flood-rain
		t.Errorf("Pairs = %v, want %d sorted distinct pairs", a.Pairs, want)
	}
	b := Of("", "floods storms floods storms floods storms rain")
	if !slices.Equal(a.Lede, b.Lede) || jaccard(a.Pairs, b.Pairs) == 1 {
		t.Errorf("reordered text: Lede %v / %v, Pairs %v / %v", a.Lede, b.Lede, a.Pairs, b.Pairs)
	}
}
