package aggregator

import (
	"testing"
	"time"
)

func TestDue(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	srcs := []*Source{{URL: "new"}, {URL: "past"}, {URL: "slack"}, {URL: "later"}, {URL: "gone"}}
	states := map[string]SourceState{
		"past":  {NextDue: now.Add(-time.Hour)},
		"slack": {NextDue: now.Add(30 * time.Second)},
		"later": {NextDue: now.Add(10 * time.Minute)},
		"gone":  {Gone: true},
	}
	names := func(ss []*Source) (out []string) {
		for _, s := range ss {
			out = append(out, s.URL)
		}
		return out
	}
	if got := names(Due(srcs, states, now)); len(got) != 3 || got[0] != "new" || got[1] != "past" || got[2] != "slack" {
		t.Errorf("Due = %q, want [new past slack]", got)
	}
	if got := names(Active(srcs, states)); len(got) != 4 || got[3] != "later" {
		t.Errorf("Active = %q, want every source but the gone one", got)
	}
}

func fixedRand(v float64) func() float64 { return func() float64 { return v } }
