package main

import (
	"fmt"
	"time"

	"github.com/feedloom/feedloom/internal/app"
	"github.com/urfave/cli/v2"
)

// reportHealth tells a cron user what needs attention, and nothing else:
// the problems of h go to stderr as warnings and make the exit code 3.
// Younger failures and moved sources are logged at info level, or as
// warnings with -v.
func reportHealth(c *cli.Context, e *env, h app.Health) error {
	verbose := c.Bool("verbose")
	failing := func(msg string, s app.SourceHealth, warn bool) {
		attrs := []any{"source", s.Source.URL, "title", s.Name, "kind", s.State.ErrorKind,
			"failing_for", s.FailingFor.Round(time.Second).String(), "failures", s.State.ConsecutiveFailures, "error", s.State.LastError}
		if warn {
			e.log.Warn(msg, attrs...)
		} else {
			e.log.Info(msg, attrs...)
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
			e.log.Warn("source moved", attrs...)
		} else {
			e.log.Info("source moved", attrs...)
		}
	}
	if len(h.Problems) == 0 {
		return nil
	}
	what := fmt.Sprintf("%d of %d sources failing", len(h.Problems), h.Watched)
	if failAfter := c.Duration("fail-after"); failAfter > 0 {
		what += " for longer than " + failAfter.String()
	}
	return &exitError{exitFailures, fmt.Errorf("%s (see `feedloom status`)", what)}
}
