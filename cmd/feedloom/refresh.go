package main

import (
	"errors"
	"log/slog"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/internal/app"
	"github.com/feedloom/feedloom/internal/cliflags"
	"github.com/feedloom/feedloom/store"
	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
)

func refreshCommand() *cli.Command {
	return &cli.Command{
		Name:  "refresh",
		Usage: "poll the sources, store new items, and publish the outputs",
		Description: `Polls the sources that are due (with conditional requests, so unchanged feeds
cost a 304), stores new and changed items, and publishes every output into --out.

Scheduling: a source is due --min-interval after its last poll, or later when the
server (Cache-Control max-age, Expires) or the feed (RSS ttl, sy:updatePeriod) asks,
up to --max-interval, shortened by up to 10% of jitter. Failures back off: the interval
doubles with each failure in a row, up to --max-backoff; 429 and 503 wait for their
Retry-After. A 410 Gone stops polling the source until its URL changes in the OPML,
it is re-added with 'feedloom sources add', or it is named: 'refresh URL'. --force
polls every source that is not gone.

Moved feeds: a source that gets the same permanent redirect (301/308) on every poll
for --moved-grace and --moved-polls is shown as moved by 'feedloom status'; with
--update-opml, refresh rewrites its xmlUrl in the OPML file (after saving the old
file as FILE.bak; nothing else in the file changes) and carries its state over.

Quiet for cron: nothing is printed when all is well. Without -v, stderr gets only the
sources that count as problems: those failing for longer than --fail-after (every
failing source when it is 0), gone ones included; the exit code is then 3. Sources
failing for less than that are not printed and leave the exit code 0. With -v, a
summary line and every failing or moved source are printed as well.

Exit codes: 0 success; 1 fatal error; 2 usage or configuration error; 3 completed,
but some sources have been failing for longer than --fail-after.

Example (crontab, every 30 minutes, mail only about feeds broken for a day):
   */30 * * * * feedloom --opml /etc/feedloom/feeds.opml --db /var/lib/feedloom/feedloom.db --out /var/www/news --base-url https://example.org/news/ refresh --fail-after 24h --contact mailto:me@example.org`,
		Flags: append(append([]cli.Flag{
			&cli.IntFlag{Name: "concurrency", Value: 8, EnvVars: []string{"FEEDLOOM_CONCURRENCY"}, Usage: "requests in flight overall"},
			&cli.IntFlag{Name: "per-host", Value: 1, EnvVars: []string{"FEEDLOOM_PER_HOST"}, Usage: "requests in flight to one host"},
			&cli.BoolFlag{Name: "force", Usage: "poll every source now (except gone ones), even those not yet due"},
			&cli.DurationFlag{Name: "fail-after", Value: 0, EnvVars: []string{"FEEDLOOM_FAIL_AFTER"}, Usage: "report a failing source (stderr, exit code 3) only once it has failed for longer than this, e.g. 24h; 0 = at once"},
			&cli.DurationFlag{Name: "check-interval", EnvVars: []string{"FEEDLOOM_CHECK_INTERVAL"}, Usage: "walk every record of a store over 64 MiB at most this often, e.g. 24h (0 = before every refresh; a smaller store is checked whole on every open)"},
			&cli.DurationFlag{Name: "deadline", EnvVars: []string{"FEEDLOOM_DEADLINE"}, Usage: "bound the whole refresh, e.g. 10m: what was fetched by then is stored and published, the sources not reached are reported and polled next run (0 = no bound)"},
			&cli.BoolFlag{Name: "update-opml", EnvVars: []string{"FEEDLOOM_UPDATE_OPML"}, Usage: "rewrite the xmlUrl of sources that have moved for good (see above)"},
		}, politeFlags()...), scheduleFlags()...),
		ArgsUsage: "[SOURCE-URL...]",
		Action:    refresh,
	}
}

func refresh(c *cli.Context) error {
	// Flags are checked before anything is opened or created.
	args, err := cliflags.PositionalArgs(c)
	if err != nil {
		return configError(err)
	}
	client, err := newFetcher(c)
	if err != nil {
		return err
	}
	defer client.CloseIdleConnections()
	opts, err := refreshOptions(c)
	if err != nil {
		return err
	}
	if err := checkDBFolder(c); err != nil {
		return err
	}
	// The refresh lock keeps refreshes apart; the store itself is opened
	// only for each transaction (Transient), so that status, publish,
	// topics and backup run while this refresh waits on the network.
	unlock, err := store.LockRefresh(c.String("db"), c.Duration("lock-timeout"))
	if err != nil {
		return fatal(err)
	}
	defer unlock()
	sopts := storeOptions(c, false)
	sopts.Transient = true
	e, err := openEnvWith(c, sopts)
	if err != nil {
		return err
	}
	defer e.close()
	out := c.String("out")
	if err := checkWritable(out); err != nil {
		return fatal(err)
	}
	r := &aggregator.Refresher{
		Store:      e.db,
		Fetcher:    client,
		Normaliser: e.norm,
		Options:    opts,
	}
	if e.log.Enabled(c.Context, slog.LevelDebug) {
		// At debug level every committed item is logged: what a crash
		// from then on must not lose (the crash test reads it).
		r.Committed = func(results []*aggregator.SourceResult) {
			for _, res := range results {
				if !res.Parsed {
					continue
				}
				ids := make([]string, len(res.Items))
				for i := range res.Items {
					ids[i] = res.Items[i].Item.Identity
				}
				e.log.Debug("committed", "source", res.State.URL, "items", ids)
			}
		}
	}
	if isTerminal(e.stderr) {
		bar := progressbar.NewOptions(len(e.col.Sources),
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("refreshing"),
			progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond))
		r.Progress = func(done, total int) { bar.Set(done) }
		defer bar.Finish()
	}
	run := &app.Refresh{
		DB: e.db, Col: e.col, Log: e.log, Refresher: r,
		Named: args, Force: c.Bool("force"), UpdateOPML: c.Bool("update-opml"),
		Retention: c.Duration("retention"), KeepMin: c.Int("keep-min"), CheckInterval: c.Duration("check-interval"),
		Site: e.content(c), Out: out, Output: outputOptions(c),
		FailAfter: c.Duration("fail-after"),
	}
	res, err := run.Run(c.Context)
	var unknown *app.UnknownSourceError
	switch {
	case errors.As(err, &unknown):
		return configError(err)
	case err != nil:
		return fatal(err)
	}
	for _, m := range res.Moves {
		if m.StateOnly {
			e.log.Warn("the store already holds items of the new URL: only the state was carried over, and the old items stay under the old URL until they age out",
				"from", m.From, "to", m.To)
		}
		attrs := []any{"from", m.From, "to", m.To, "opml", e.col.Path, "backup", e.col.Path + ".bak"}
		if c.Bool("verbose") {
			e.log.Warn("updated the URL of a moved source", attrs...)
		} else {
			e.log.Info("updated the URL of a moved source", attrs...)
		}
	}
	if c.Bool("verbose") {
		sayc(c, "%s; published %d outputs (%d files written)", res.Polled, res.Published.Outputs, len(res.Published.Written))
	}
	return reportHealth(c, e, res.Health)
}
