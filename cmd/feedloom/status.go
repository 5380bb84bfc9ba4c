package main

import (
	"encoding/json"
	"time"

	"github.com/feedloom/feedloom/internal/app"
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
			rows := app.Status(e.col, states, now)
			if c.Bool("json") {
				enc := json.NewEncoder(c.App.Writer)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			app.WriteStatus(c.App.Writer, rows, now)
			return nil
		},
	}
}
