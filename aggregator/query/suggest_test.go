package query

import (
	"slices"
	"testing"
)

// handSet is a labelled set small enough to count by hand (see the
// comments): 4 on, 4 off; "ukraine" matches items 1 (on) and 6 (off).
var handSet = []Example{
	{Key: "1", On: true, Doc: &Doc{Title: "Ukraine war latest"}},
	{Key: "2", On: true, Doc: &Doc{Title: "Fighting in Bakhmut continues", Content: "Heavy shelling reported."}},
	{Key: "3", On: true, Doc: &Doc{Title: "Bakhmut defenders hold"}},
	{Key: "4", On: true, Doc: &Doc{Title: "Wagner chief speaks", Content: "Prigozhin criticised the army."}},
	{Key: "5", Doc: &Doc{Title: "Shelling of words in parliament"}},
	{Key: "6", Doc: &Doc{Title: "Ukraine football results"}},
	{Key: "7", Doc: &Doc{Title: "Army parade in Paris"}},
	{Key: "8", Doc: &Doc{Title: "Weather today", Content: "A storm's path."}},
}

func TestSuggestHandCounted(t *testing.T) {
	q, err := Compile("ukraine")
	if err != nil {
		t.Fatal(err)
	}
	s := Suggest(q, handSet, 2, 0)
	if s.On != 4 || s.Off != 4 || s.MatchedOn != 1 || s.MatchedOff != 1 {
		t.Errorf("counts: on %d off %d matched on %d off %d; want 4 4 1 1", s.On, s.Off, s.MatchedOn, s.MatchedOff)
	}
	var missed []string
	for _, ex := range s.Missed {
		missed = append(missed, ex.Key)
	}
	if !slices.Equal(missed, []string{"2", "3", "4"}) {
		t.Errorf("missed = %v, want [2 3 4]", missed)
	}
	// Only "bakhmut" is in two missed on items (2, 3) and no unmatched off
	// item; "shelling" (2 and 5), "army" (4 and 7) and "in" (2, 5 and 7)
	// add as many off items as on ones or more.
	if want := []Suggestion{{Term: "bakhmut", AddOn: 2, AddOff: 0}}; !slices.Equal(s.Terms, want) {
		t.Errorf("terms (min 2) = %v, want %v", s.Terms, want)
	}

	all := Suggest(q, handSet, 1, 0)
	got := map[string]Suggestion{}
	for _, t := range all.Terms {
		got[t.Term] = t
	}
	for _, want := range []Suggestion{
		{Term: "bakhmut", AddOn: 2},
		{Term: "wagner", AddOn: 1},
		{Term: "prigozhin", AddOn: 1},
		{Term: `"fighting in"`, AddOn: 1},
		{Term: `"bakhmut defenders"`, AddOn: 1},
	} {
		if got[want.Term] != want {
			t.Errorf("%s: got %+v, want %+v", want.Term, got[want.Term], want)
		}
	}
	for _, absent := range []string{"ukraine", "shelling", "army", "in", `"ukraine war"`, "s", `"storm s"`} {
		if g, ok := got[absent]; ok {
			t.Errorf("%s listed: %+v", absent, g)
		}
	}
	if all.Terms[0].Term != "bakhmut" {
		t.Errorf("first term %q, want bakhmut (it adds the most)", all.Terms[0].Term)
	}
	if s := Suggest(q, handSet, 1, 3); len(s.Terms) != 3 {
		t.Errorf("limit 3 gave %d terms", len(s.Terms))
	}
}

func TestSuggestLeavesOutKnownTerms(t *testing.T) {
	q, err := CompileWith(`ukraine OR title:(wagn* NEAR/2 boss) OR "heavy shelling" OR @places`, Lists{"places": {"paris"}})
	if err != nil {
		t.Fatal(err)
	}
	s := Suggest(q, handSet, 1, 0)
	for _, tm := range s.Terms {
		switch tm.Term {
		case "wagner", `"wagner chief"`, "boss", `"heavy shelling"`, "paris":
			t.Errorf("%s is in the query but was suggested", tm.Term)
		}
	}
	if !slices.ContainsFunc(s.Terms, func(x Suggestion) bool { return x.Term == "prigozhin" }) {
		t.Errorf("prigozhin not suggested: %v", s.Terms)
	}
}
