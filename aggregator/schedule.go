package aggregator

import (
	"time"

	"github.com/feedloom/feedloom/aggregator/schedule"
)

// Schedule decides when a source is next due (package schedule).
type Schedule = schedule.Policy

// DueSlack is how early a source still counts as due. A cron job starts a
// moment before the previous run's time plus the interval; without slack
// it would skip sources due a second later for a whole period.
const DueSlack = time.Minute

// Due returns the sources that should be polled at now: never polled, or
// due by now (within DueSlack). Gone sources (410) and paused ones are
// never due.
//
// The result is never nil, so that it is never taken for "every source".
func Due(sources []*Source, states map[string]SourceState, now time.Time) []*Source {
	out := []*Source{}
	for _, s := range sources {
		st, ok := states[s.URL]
		if s.Paused {
			continue
		}
		if !ok || (!st.Gone && !st.NextDue.After(now.Add(DueSlack))) {
			out = append(out, s)
		}
	}
	return out
}

// Active returns the sources that are neither gone nor paused: what
// `refresh --force` polls.
func Active(sources []*Source, states map[string]SourceState) []*Source {
	out := []*Source{}
	for _, s := range sources {
		if !states[s.URL].Gone && !s.Paused {
			out = append(out, s)
		}
	}
	return out
}
