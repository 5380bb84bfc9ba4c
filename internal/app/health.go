package app

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// Health is the failure policy's verdict on the watched sources after a
// refresh: what a cron user must hear about (Problems: failing for longer
// than the grace period, gone ones included), what can wait (Failing:
// within the grace period) and what only informs (Moved).
type Health struct {
	Watched  int
	Problems []SourceHealth
	Failing  []SourceHealth
	Moved    []SourceHealth
}

// SourceHealth is one source the verdict names.
type SourceHealth struct {
	Source *aggregator.Source
	State  aggregator.SourceState
	// Name is how messages name the source (SourceName).
	Name string
	// FailingFor is how long it has been failing.
	FailingFor time.Duration
}

// CheckHealth judges the watched sources by their states at now: a source
// failing for longer than failAfter (every failing source when it is 0) is
// a problem. Paused sources are not judged.
func CheckHealth(watched []*aggregator.Source, states map[string]aggregator.SourceState, now time.Time, failAfter time.Duration) Health {
	failAfter = max(failAfter, 0)
	h := Health{Watched: len(watched)}
	for _, s := range watched {
		st, ok := states[s.URL]
		if !ok || s.Paused { // a paused source is the user's decision, not news
			continue
		}
		sh := SourceHealth{Source: s, State: st, Name: SourceName(s, &st)}
		switch {
		case st.Failing():
			sh.FailingFor = now.Sub(st.FailingSince)
			if sh.FailingFor > failAfter {
				h.Problems = append(h.Problems, sh)
			} else {
				h.Failing = append(h.Failing, sh)
			}
		case st.Moved:
			h.Moved = append(h.Moved, sh)
		}
	}
	return h
}

// SourceName is how a source is named in messages: its OPML title, the
// feed's own title, or its URL.
func SourceName(s *aggregator.Source, st *aggregator.SourceState) string {
	switch {
	case s.Title != "":
		return s.Title
	case st.Title != "":
		return st.Title
	}
	return s.URL
}

// Log logs the verdict: problems as warnings; younger failures and moved
// sources at info level, or as warnings when verbose.
func (h Health) Log(log *slog.Logger, verbose bool) {
	failing := func(msg string, s SourceHealth, warn bool) {
		attrs := []any{"source", s.Source.URL, "title", s.Name, "kind", s.State.ErrorKind,
			"failing_for", s.FailingFor.Round(time.Second).String(), "failures", s.State.ConsecutiveFailures, "error", s.State.LastError}
		if warn {
			log.Warn(msg, attrs...)
		} else {
			log.Info(msg, attrs...)
		}
	}
	for _, s := range h.Problems {
		failing("source failing", s, true)
	}
	for _, s := range h.Failing {
		failing("source failing, within --fail-after", s, verbose)
	}
	for _, s := range h.Moved {
		attrs := []any{"source", s.Source.URL, "title", s.Name, "moved_to", s.State.RedirectTo,
			"since", s.State.RedirectFirstSeen, "hint", "run `feedloom refresh --update-opml` to update the OPML"}
		if verbose {
			log.Warn("source moved", attrs...)
		} else {
			log.Info("source moved", attrs...)
		}
	}
}

// Summary says in one line how many watched sources are a problem.
func (h Health) Summary(failAfter time.Duration) string {
	what := fmt.Sprintf("%d of %d sources failing", len(h.Problems), h.Watched)
	if failAfter > 0 {
		what += " for longer than " + failAfter.String()
	}
	return what + " (see `feedloom status`)"
}
