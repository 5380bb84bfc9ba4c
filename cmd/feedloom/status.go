package main

import (
	"encoding/json"
	"sort"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/urfave/cli/v2"
)

func statusCommand() *cli.Command {
	return &cli.Command{
		Name:  "status",
		Usage: "show every source's health: failing sources first",
		Description: `Lists every source of the OPML file with its state, last success, last HTTP
status, stored items, next poll and problem. Failing sources come first, longest
failing first, with how long and how many polls in a row they have failed; then
sources that have moved for good (with their new URL); then the rest in OPML order.

States: ok; new (never polled); FAILING (backing off, retried later); GONE (410:
no longer polled); MOVED (the same permanent redirect for the whole grace period:
'feedloom refresh --update-opml' rewrites the OPML).

--json prints the same rows for scripts: every stored field of each source's state
(last_attempt, last_success, last_status, last_error, error_kind,
consecutive_failures, failing_since, next_due, etag, last_modified,
items_last_fetch, items_new, items_stored, redirect_to, gone, moved…) plus state,
polled, failing, failing_for_seconds and moved_to. See docs/status.md.

Examples:
   feedloom status
   feedloom status --json | jq '.[] | select(.failing) | .url'`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print JSON instead of a table"},
		},
		Action: func(c *cli.Context) error {
			e, err := openEnv(c, true)
			if err != nil {
				return err
			}
			defer e.close()
			states, err := e.db.SourceStates(c.Context)
			if err != nil {
				return fatal(err)
			}
			now := time.Now()
			rows := statusRows(e.col, states, now)
			if c.Bool("json") {
				enc := json.NewEncoder(c.App.Writer)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			printStatus(c.App.Writer, rows, now)
			return nil
		},
	}
}

// Source states as `status` names them.
const (
	stateOK      = "ok"
	stateNew     = "new"
	stateFailing = "failing"
	stateGone    = "gone"
	stateMoved   = "moved"
)

// statusRow is one source in `status` output; the JSON field names are
// part of the interface scripts use.
type statusRow struct {
	URL   string `json:"url"`
	Title string `json:"title"`
	// State is ok, new, failing, gone or moved.
	State   string `json:"state"`
	Polled  bool   `json:"polled"`
	Failing bool   `json:"failing"`
	// FailingForSeconds is how long the source has been failing.
	FailingForSeconds int64 `json:"failing_for_seconds,omitempty"`
	// MovedTo is the new URL of a source that has moved for good.
	MovedTo string `json:"moved_to,omitempty"`
	aggregator.SourceState
	order int
}

// statusRows builds one row per source of the OPML file, in the order
// `status` shows them.
func statusRows(col *aggregator.Collection, states map[string]aggregator.SourceState, now time.Time) []statusRow {
	rows := make([]statusRow, 0, len(col.Sources))
	for i := range col.Sources {
		s := &col.Sources[i]
		st, ok := states[s.URL]
		st.URL = s.URL
		r := statusRow{URL: s.URL, Title: sourceName(s, &st), Polled: ok, Failing: st.Failing(), SourceState: st, order: i}
		switch {
		case !ok:
			r.State = stateNew
		case st.Gone:
			r.State = stateGone
		case st.Failing():
			r.State = stateFailing
		case st.Moved:
			r.State = stateMoved
		default:
			r.State = stateOK
		}
		if st.Failing() {
			r.FailingForSeconds = int64(now.Sub(st.FailingSince) / time.Second)
		}
		if st.Moved {
			r.MovedTo = st.RedirectTo
		}
		rows = append(rows, r)
	}
	rank := func(r *statusRow) int {
		switch {
		case r.Failing:
			return 0
		case r.State == stateMoved:
			return 1
		}
		return 2
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := &rows[i], &rows[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		if a.Failing && !a.FailingSince.Equal(b.FailingSince) {
			return a.FailingSince.Before(b.FailingSince)
		}
		return a.order < b.order
	})
	return rows
}
