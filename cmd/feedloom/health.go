package main

import (
	"fmt"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/urfave/cli/v2"
)

// reportHealth tells a cron user what needs attention, and nothing else:
// the watched sources that have been failing for longer than --fail-after
// go to stderr as warnings and make the exit code 3. Younger failures and
// moved sources are logged at info level, or as warnings with -v.
func reportHealth(c *cli.Context, e *env, watched []*aggregator.Source, states map[string]aggregator.SourceState, now time.Time) error {
	failAfter := max(c.Duration("fail-after"), 0)
	verbose := c.Bool("verbose")
	problems := 0
	for _, s := range watched {
		st, ok := states[s.URL]
		if !ok {
			continue
		}
		switch {
		case st.Failing():
			d := now.Sub(st.FailingSince)
			attrs := []any{"source", s.URL, "title", sourceName(s, &st), "kind", st.ErrorKind,
				"failing_for", d.Round(time.Second).String(), "failures", st.ConsecutiveFailures, "error", st.LastError}
			switch {
			case d > failAfter:
				problems++
				e.log.Warn("source failing", attrs...)
			case verbose:
				e.log.Warn("source failing, within --fail-after", attrs...)
			default:
				e.log.Info("source failing, within --fail-after", attrs...)
			}
		case st.Moved:
			attrs := []any{"source", s.URL, "title", sourceName(s, &st), "moved_to", st.RedirectTo,
				"since", st.RedirectFirstSeen, "hint", "run `feedloom refresh --update-opml` to update the OPML"}
			if verbose {
				e.log.Warn("source moved", attrs...)
			} else {
				e.log.Info("source moved", attrs...)
			}
		}
	}
	if problems == 0 {
		return nil
	}
	what := fmt.Sprintf("%d of %d sources failing", problems, len(watched))
	if failAfter > 0 {
		what += " for longer than " + failAfter.String()
	}
	return &exitError{exitFailures, fmt.Errorf("%s (see `feedloom status`)", what)}
}

// sourceName is how a source is named in messages: its OPML title, the
// feed's own title, or its URL.
func sourceName(s *aggregator.Source, st *aggregator.SourceState) string {
	switch {
	case s.Title != "":
		return s.Title
	case st.Title != "":
		return st.Title
	}
	return s.URL
}
