package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// validateFlags rejects negative counts and durations in every flag the
// command sees (its own and the global ones), and a --base-url that is
// not an absolute http(s) URL: configuration errors stop a run before
// anything is opened or fetched.
func validateFlags(c *cli.Context) error {
	flags := slices.Clone(c.App.Flags)
	if c.Command != nil {
		flags = append(flags, c.Command.Flags...)
	}
	for _, f := range flags {
		name := f.Names()[0]
		switch f.(type) {
		case *cli.IntFlag:
			if v := c.Int(name); v < 0 {
				return configError(fmt.Errorf("--%s %d: give a number of zero or more", name, v))
			}
		case *cli.DurationFlag:
			if v := c.Duration(name); v < 0 {
				return configError(fmt.Errorf("--%s %s: give a duration of zero or more, such as 30m or 24h", name, v))
			}
		}
	}
	if base := c.String("base-url"); base != "" {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return configError(fmt.Errorf("--base-url %q: give the absolute http(s) URL where the output folder is hosted, such as https://example.org/news/", base))
		}
	}
	return nil
}

// checkDBFolder refuses a --db whose folder does not exist, unless
// --create-dirs says to make it: a typo in a crontab should not start an
// empty store somewhere new.
func checkDBFolder(c *cli.Context) error {
	dir := filepath.Dir(c.String("db"))
	fi, err := os.Stat(dir)
	switch {
	case err == nil && fi.IsDir():
		return nil
	case err == nil:
		return configError(fmt.Errorf("--db %s: %s is not a folder", c.String("db"), dir))
	case !os.IsNotExist(err):
		return configError(fmt.Errorf("--db %s: %w", c.String("db"), err))
	case c.Bool("create-dirs"):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fatal(fmt.Errorf("--db %s: create %s: %w", c.String("db"), dir, err))
		}
		return nil
	}
	return configError(fmt.Errorf("--db %s: the folder %s does not exist; check the path, or add --create-dirs to create it", c.String("db"), dir))
}

// jsonLogs reports whether args ask for JSON log lines (--log-format json
// or FEEDLOOM_LOG_FORMAT=json), for the lines run writes after the
// command has ended.
func jsonLogs(args []string) bool {
	format := os.Getenv("FEEDLOOM_LOG_FORMAT")
	for i := 1; i < len(args); i++ {
		a := strings.TrimLeft(args[i], "-")
		if a == "log-format" && i+1 < len(args) && strings.HasPrefix(args[i], "-") {
			format = args[i+1]
		} else if v, ok := strings.CutPrefix(a, "log-format="); ok && strings.HasPrefix(args[i], "-") {
			format = v
		}
	}
	return strings.EqualFold(format, "json")
}

// say writes one line for a person on stderr: "feedloom: MSG" as text, or
// a JSON record with --log-format json, so that every line a log shipper
// reads is JSON.
func say(w io.Writer, asJSON bool, level slog.Level, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if asJSON {
		slog.New(slog.NewJSONHandler(w, nil)).Log(context.Background(), level, msg)
		return
	}
	fmt.Fprintln(w, "feedloom: "+msg)
}

// sayc is say for a command's context.
func sayc(c *cli.Context, format string, args ...any) {
	say(c.App.ErrWriter, strings.EqualFold(c.String("log-format"), "json"), slog.LevelInfo, format, args...)
}
