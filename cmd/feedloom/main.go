// Command feedloom polls the feeds listed in an OPML file, folds their
// items into stories in a bbolt database, and republishes them as merged
// RSS 2.0, Atom 1.0 and JSON Feed 1.1 outputs. This package only wires
// flags to the aggregator, store and output packages.
package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/feedloom/feedloom/internal/app"
	"github.com/feedloom/feedloom/internal/cliflags"
	"github.com/urfave/cli/v2"
)

// Exit codes, documented in the README; scripts and cron wrappers rely on
// them.
const (
	exitOK       = 0
	exitFatal    = 1 // the run could not complete (store, output folder, internal error)
	exitConfig   = 2 // usage or configuration error: nothing was fetched or written
	exitFailures = 3 // the run completed, but some sources are failing
	// exitInterrupted is 128 + SIGINT, the shell's code for a run that a
	// signal stopped; what was committed before it stays.
	exitInterrupted = 130
)

// version is set at build time with -ldflags "-X main.version=…"; the
// module version from the build info is used otherwise.
var version = ""

func buildVersion() string { return app.Version(version) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stopTuning := app.TuneRuntime()
	stopProfiling := app.StartProfiling()
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	stopProfiling()
	stopTuning()
	if code != exitOK {
		os.Exit(code)
	}
}

// run executes one command line and returns its exit code; tests call it
// directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	asJSON := cliflags.JSONLogs(args, "FEEDLOOM_LOG_FORMAT")
	// The last line of defence: a panic anywhere in a command's own
	// goroutine is a fatal error with a message, not a stack trace.
	defer func() {
		if r := recover(); r != nil {
			say(stderr, asJSON, slog.LevelError, "internal error: %v (please report it with the command line that caused it)", r)
			code = exitFatal
		}
	}()
	app := newApp(stdout, stderr)
	args = cliflags.HoistGlobalFlags(args, app.Flags)
	err := cliflags.UnknownCommand(app, args)
	if err != nil {
		err = configError(err)
	} else {
		err = app.RunContext(ctx, args)
	}
	if err == nil {
		return exitOK
	}
	code, msg := exitFatal, err.Error()
	var ec cli.ExitCoder
	if errors.As(err, &ec) {
		code = ec.ExitCode()
	}
	if ctx.Err() != nil && code != exitConfig {
		// Interrupted (Ctrl-C or SIGTERM): what was committed stays, and
		// the shell's convention for a signal says so.
		code = exitInterrupted
		msg = "interrupted: " + msg
	}
	if msg != "" {
		say(stderr, asJSON, slog.LevelError, "%s", msg)
	}
	return code
}

// exitError carries an exit code with its message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}
func (e *exitError) ExitCode() int { return e.code }
func (e *exitError) Unwrap() error { return e.err }

func configError(err error) error { return &exitError{exitConfig, err} }
func fatal(err error) error       { return &exitError{exitFatal, err} }

// exitFor gives err its exit code: a request that cannot be carried out
// as asked (app.InputError) is a configuration error, the rest fatal.
func exitFor(err error) error {
	var input *app.InputError
	switch {
	case errors.As(err, &input):
		return configError(err)
	case err != nil:
		return fatal(err)
	}
	return nil
}
