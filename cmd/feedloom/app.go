package main

import (
	"fmt"
	"io"
	"time"

	"github.com/feedloom/feedloom/internal/cliflags"
	"github.com/urfave/cli/v2"
)

// globalFlags are shared by every command; each has a FEEDLOOM_*
// environment equivalent. Their names are stable: scripts depend on them.
func globalFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "opml", Value: "feeds.opml", EnvVars: []string{"FEEDLOOM_OPML"}, Usage: "OPML `FILE` listing sources, categories and topics"},
		&cli.StringFlag{Name: "db", Value: "feedloom.db", EnvVars: []string{"FEEDLOOM_DB"}, Usage: "the store: a database `FILE`, or a postgres:// URL shared by several machines"},
		&cli.StringFlag{Name: "out", Value: "public", EnvVars: []string{"FEEDLOOM_OUT"}, Usage: "where the site is published: a `DIR`, or a bucket URL such as s3://BUCKET/PREFIX?region=R (see the README)"},
		&cli.StringFlag{Name: "base-url", Value: "http://localhost:8080/", EnvVars: []string{"FEEDLOOM_BASE_URL"}, Usage: "`URL` where the output folder is hosted (used for self links); set it when you host the folder"},
		&cli.StringFlag{Name: "websub-hub", EnvVars: []string{"FEEDLOOM_WEBSUB_HUB"}, Usage: "WebSub hub `URL`: outputs advertise it and it is pinged after every publish that changed them"},
		&cli.BoolFlag{Name: "keep-tracking", EnvVars: []string{"FEEDLOOM_KEEP_TRACKING"}, Usage: "publish item links with their tracking parameters (utm_*, fbclid, …), which are dropped by default"},
		&cli.IntFlag{Name: "max-items", Value: 100, EnvVars: []string{"FEEDLOOM_MAX_ITEMS"}, Usage: "items per output (0 = no limit)"},
		&cli.IntFlag{Name: "archive-items", Value: 500, EnvVars: []string{"FEEDLOOM_ARCHIVE_ITEMS"}, Usage: "items an output keeps reachable in all: beyond --max-items, its archive.html lists the older ones (0 = no archive page)"},
		&cli.DurationFlag{Name: "max-age", Value: 0, EnvVars: []string{"FEEDLOOM_MAX_AGE"}, Usage: "oldest item an output shows, e.g. 720h (0 = no limit)"},
		&cli.StringFlag{Name: "log-level", Value: "warn", EnvVars: []string{"FEEDLOOM_LOG_LEVEL"}, Usage: "debug, info, warn or error"},
		&cli.StringFlag{Name: "log-format", Value: "text", EnvVars: []string{"FEEDLOOM_LOG_FORMAT"}, Usage: "text or json (for log shippers)"},
		&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, EnvVars: []string{"FEEDLOOM_VERBOSE"}, Usage: "print a one-line summary and every failing source"},
		&cli.DurationFlag{Name: "lock-timeout", Value: 5 * time.Second, EnvVars: []string{"FEEDLOOM_LOCK_TIMEOUT"}, Usage: "how long to wait for another feedloom to release the database"},
		&cli.DurationFlag{Name: "retention", Value: 90 * 24 * time.Hour, EnvVars: []string{"FEEDLOOM_RETENTION"}, Usage: "how long the database keeps stories, e.g. 720h (0 = forever); pruned at the end of refresh"},
		&cli.IntFlag{Name: "keep-min", Value: 50, EnvVars: []string{"FEEDLOOM_KEEP_MIN"}, Usage: "newest stories every source keeps whatever --retention says"},
		&cli.BoolFlag{Name: "near-dup", Value: true, EnvVars: []string{"FEEDLOOM_NEAR_DUP"}, Usage: "fold near-identical copies of one article under different URLs into one story (--near-dup=false to turn off)"},
		&cli.BoolFlag{Name: "create-dirs", EnvVars: []string{"FEEDLOOM_CREATE_DIRS"}, Usage: "create the folder of --db when it does not exist (without it, a missing folder is an error: a typo should not start an empty store)"},
		&cli.DurationFlag{Name: "lease-time", Value: 5 * time.Minute, EnvVars: []string{"FEEDLOOM_LEASE_TIME"}, Usage: "PostgreSQL store: how long a refresher holds a source it polls before another may take it over"},
		&cli.DurationFlag{Name: "near-dup-window", Value: 72 * time.Hour, EnvVars: []string{"FEEDLOOM_NEAR_DUP_WINDOW"}, Usage: "how far apart in time near-identical copies may be to fold"},
	}
}

func init() {
	// -v means --verbose here, as in most cron-run tools.
	cli.VersionFlag = &cli.BoolFlag{Name: "version", Usage: "print the version"}
}

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:                 "feedloom",
		Usage:                "merge the feeds of an OPML file into RSS, Atom and JSON Feed outputs",
		Version:              buildVersion(),
		Description:          help("feedloom"),
		Writer:               stdout,
		ErrWriter:            stderr,
		Flags:                globalFlags(),
		EnableBashCompletion: true,
		Commands: []*cli.Command{
			refreshCommand(),
			serveCommand(),
			publishCommand(),
			checkCommand(),
			statusCommand(),
			pruneCommand(),
			compactCommand(),
			backupCommand(),
			restoreCommand(),
			migrateCommand(),
			topicsCommand(),
			sourcesCommand(),
		},
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return configError(fmt.Errorf("%w (see `feedloom --help`)", err))
		},
	}
	cliflags.UsageErrors(app.Commands, "feedloom", configError)
	cliflags.BeforeEach(app.Commands, validateFlags)
	app.Commands = append(app.Commands, versionCommand())
	return app
}

// versionCommand prints the version, as `feedloom --version` does.
func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version",
		Action: func(c *cli.Context) error {
			fmt.Fprintf(c.App.Writer, "feedloom version %s\n", buildVersion())
			return nil
		},
	}
}
