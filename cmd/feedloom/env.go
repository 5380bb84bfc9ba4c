package main

import (
	"cmp"
	"io"
	"log/slog"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/opml"
	"github.com/feedloom/feedloom/internal/app"
	"github.com/feedloom/feedloom/internal/cliflags"
	"github.com/feedloom/feedloom/output"
	"github.com/feedloom/feedloom/store"
	"github.com/urfave/cli/v2"
)

// env is what a command works with: the loaded collection, the store, and
// the logger, built once from the flags.
type env struct {
	log    *slog.Logger
	col    *aggregator.Collection
	db     app.Store
	norm   *aggregator.Normaliser
	stderr io.Writer
}

// loadCollection reads and validates the OPML file; any problem is a
// configuration error and nothing has been touched yet.
func loadCollection(c *cli.Context) (*aggregator.Collection, error) {
	col, err := opml.Load(c.String("opml"), aggregator.CompileQuery)
	if err != nil {
		return nil, configError(err)
	}
	return col, nil
}

// openEnv loads the OPML and opens the store.
func openEnv(c *cli.Context, readOnly bool) (*env, error) {
	return openEnvWith(c, storeOptions(c, readOnly), nil)
}

// openEnvWith is openEnv with the store options given, and warm, when not
// nil, run on the store while the OPML file loads (app.LoadAndOpen).
func openEnvWith(c *cli.Context, opts app.StoreOptions, warm func(app.Store)) (*env, error) {
	log, err := newLogger(c)
	if err != nil {
		return nil, err
	}
	col, db, err := app.LoadAndOpen(c.String("db"),
		func() (*aggregator.Collection, error) { return loadCollection(c) },
		func() (app.Store, error) { return openDB(c, opts) }, warm)
	if err != nil {
		return nil, err
	}
	return &env{log: log, col: col, db: db, norm: aggregator.NewNormaliser(), stderr: c.App.ErrWriter}, nil
}

// storeOptions are the store settings the global flags give.
func storeOptions(c *cli.Context, readOnly bool) app.StoreOptions {
	opts := app.StoreOptions{Options: store.Options{LockTimeout: c.Duration("lock-timeout"), ReadOnly: readOnly, Window: c.Duration("near-dup-window")}, LeaseTime: c.Duration("lease-time")}
	if c.Bool("near-dup") {
		opts.NearDup = aggregator.NearDup{}
	}
	return opts
}

func (e *env) close() { e.db.Close() }

func newLogger(c *cli.Context) (*slog.Logger, error) {
	log, err := cliflags.NewLogger(c.App.ErrWriter, c.String("log-level"), c.String("log-format"))
	if err != nil {
		return nil, configError(err)
	}
	return log, nil
}

func outputOptions(c *cli.Context) output.Options {
	return output.Options{BaseURL: c.String("base-url"), Generator: "feedloom/" + buildVersion() + " (+" + app.ProjectURL + ")", WebSubHub: c.String("websub-hub"),
		KeepTracking: c.Bool("keep-tracking"), MaxAge: cmp.Or(c.Duration("min-interval"), 30*time.Minute)}
}

// content is what publish and refresh publish from, within the limits the
// flags give.
func (e *env) content(c *cli.Context) *app.Content {
	lim := aggregator.OutputLimits{MaxItems: max(c.Int("max-items"), 0), MaxAge: max(c.Duration("max-age"), 0), ArchiveItems: max(c.Int("archive-items"), 0)}
	return &app.Content{DB: e.db, Col: e.col, Limits: lim, Say: verbosef(c)}
}
