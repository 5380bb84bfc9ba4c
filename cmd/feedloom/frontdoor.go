package main

import (
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"

	"github.com/feedloom/feedloom/internal/cliflags"
	"github.com/urfave/cli/v2"
)

// validateFlags rejects negative counts and durations in every flag the
// command sees (its own and the global ones), and a --base-url that is
// not an absolute http(s) URL: configuration errors stop a run before
// anything is opened or fetched.
func validateFlags(c *cli.Context) error {
	if err := cliflags.NonNegative(c); err != nil {
		return configError(err)
	}
	if base := c.String("base-url"); base != "" {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return configError(fmt.Errorf("--base-url %q: give the absolute http(s) URL where the output folder is hosted, such as https://example.org/news/", base))
		}
	}
	return nil
}

// say writes one line for a person on stderr (cliflags.Say).
func say(w io.Writer, asJSON bool, level slog.Level, format string, args ...any) {
	cliflags.Say(w, "feedloom", asJSON, level, format, args...)
}

// sayc is say for a command's context.
func sayc(c *cli.Context, format string, args ...any) {
	say(c.App.ErrWriter, strings.EqualFold(c.String("log-format"), "json"), slog.LevelInfo, format, args...)
}

// verbosef is sayc when -v is given, else nil.
func verbosef(c *cli.Context) func(format string, args ...any) {
	if !c.Bool("verbose") {
		return nil
	}
	return func(format string, args ...any) { sayc(c, format, args...) }
}
