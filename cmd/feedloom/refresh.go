package main

import (
	"errors"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/internal/app"
	"github.com/feedloom/feedloom/internal/cliflags"
	"github.com/feedloom/feedloom/output"
	"github.com/urfave/cli/v2"
)

func refreshCommand() *cli.Command {
	return &cli.Command{
		Name:        "refresh",
		Usage:       "poll the sources, store new items, and publish the outputs",
		Description: help("refresh"),
		Flags: append([]cli.Flag{
			&cli.BoolFlag{Name: "force", Usage: "poll every source now (except gone ones), even those not yet due"},
			&cli.DurationFlag{Name: "fail-after", Value: 0, EnvVars: []string{"FEEDLOOM_FAIL_AFTER"}, Usage: "report a failing source (stderr, exit code 3) only once it has failed for longer than this, e.g. 24h; 0 = at once"},
			&cli.DurationFlag{Name: "check-interval", EnvVars: []string{"FEEDLOOM_CHECK_INTERVAL"}, Usage: "walk every record of a store over 64 MiB at most this often, e.g. 24h (0 = before every refresh; a smaller store is checked whole on every open)"},
			&cli.DurationFlag{Name: "deadline", EnvVars: []string{"FEEDLOOM_DEADLINE"}, Usage: "bound the whole refresh, e.g. 10m: what was fetched by then is stored and published, the sources not reached are reported and polled next run (0 = no bound)"},
			&cli.BoolFlag{Name: "update-opml", EnvVars: []string{"FEEDLOOM_UPDATE_OPML"}, Usage: "rewrite the xmlUrl of sources that have moved for good (see above)"},
		}, pollFlags()...),
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
	e, r, done, err := openWriter(c, true)
	if err != nil {
		return err
	}
	defer done()
	out := c.String("out")
	var finish func()
	r.Progress, finish = app.Progress(e.stderr, len(e.col.Sources))
	defer finish()
	run := &app.Refresh{
		DB: e.db, Col: e.col, Log: e.log, Refresher: r,
		Named: args, Force: c.Bool("force"), UpdateOPML: c.Bool("update-opml"),
		Retention: c.Duration("retention"), KeepMin: c.Int("keep-min"), CheckInterval: c.Duration("check-interval"),
		Site: e.content(c), Out: out, Output: outputOptions(c),
		FailAfter: c.Duration("fail-after"),
	}
	res, err := run.Run(c.Context)
	if err != nil {
		return exitFor(err)
	}
	app.LogMoves(e.log, res.Moves, e.col.Path, c.Bool("verbose"))
	if c.Bool("verbose") {
		sayc(c, "%s; published %d outputs (%d files written)", res.Polled, res.Published.Outputs, len(res.Published.Written))
	}
	return reportHealth(c, e, res.Health)
}

// reportHealth tells a cron user what needs attention, and nothing else:
// the problems of h go to stderr as warnings and make the exit code 3.
// Younger failures and moved sources are logged at info level, or as
// warnings with -v.
func reportHealth(c *cli.Context, e *env, h app.Health) error {
	h.Log(e.log, c.Bool("verbose"))
	if len(h.Problems) == 0 {
		return nil
	}
	return &exitError{exitFailures, errors.New(h.Summary(c.Duration("fail-after")))}
}

// openWriter opens what refresh and serve write with: the fetcher and the
// pipeline from the flags (checked before anything is opened or created),
// the refresh lock, and the store opened for each transaction only
// (Transient), so that status, publish, topics and backup run while the
// writer waits on the network. With checkLater a small file is not
// checked on open: refresh checks it beside its polling (app.CheckStore).
// done releases it all.
func openWriter(c *cli.Context, checkLater bool) (*env, *aggregator.Refresher, func(), error) {
	client, err := newFetcher(c)
	if err != nil {
		return nil, nil, nil, err
	}
	opts, err := refreshOptions(c)
	if err != nil {
		return nil, nil, nil, err
	}
	unlock, err := app.LockRefresh(c.String("db"), c.Bool("create-dirs"), c.Duration("lock-timeout"))
	if err != nil {
		return nil, nil, nil, exitFor(err)
	}
	sopts := storeOptions(c, false)
	sopts.Transient, sopts.CheckLater = true, checkLater
	e, err := openEnvWith(c, sopts, app.WarmStates(c.Context))
	if err == nil {
		err = output.CheckFolder(c.String("out"))
		if err != nil {
			e.close()
			err = fatal(err)
		}
	}
	if err != nil {
		unlock()
		return nil, nil, nil, err
	}
	done := func() { e.close(); unlock(); client.CloseIdleConnections() }
	return e, &aggregator.Refresher{Store: e.db, Fetcher: client, Normaliser: e.norm, Options: opts}, done, nil
}
