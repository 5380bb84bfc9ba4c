package cliflags

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"
)

// NonNegative rejects a negative value in any int or duration flag the
// command sees (its own and the application's): counts and durations are
// zero or more everywhere.
func NonNegative(c *cli.Context) error {
	flags := slices.Clone(c.App.Flags)
	if c.Command != nil {
		flags = append(flags, c.Command.Flags...)
	}
	for _, f := range flags {
		name := f.Names()[0]
		switch f.(type) {
		case *cli.IntFlag:
			if v := c.Int(name); v < 0 {
				return fmt.Errorf("--%s %d: give a number of zero or more", name, v)
			}
		case *cli.DurationFlag:
			if v := c.Duration(name); v < 0 {
				return fmt.Errorf("--%s %s: give a duration of zero or more, such as 30m or 24h", name, v)
			}
		}
	}
	return nil
}

// BeforeEach sets before as the Before of every command, at any depth,
// that has none.
func BeforeEach(cmds []*cli.Command, before cli.BeforeFunc) {
	for _, cmd := range cmds {
		if cmd.Before == nil {
			cmd.Before = before
		}
		BeforeEach(cmd.Subcommands, before)
	}
}

// UsageErrors makes a bad flag or argument to any command, at any depth,
// an error made by wrap that names the command and points at its help.
func UsageErrors(cmds []*cli.Command, parent string, wrap func(error) error) {
	for _, cmd := range cmds {
		name := parent + " " + cmd.Name
		if cmd.OnUsageError == nil {
			cmd.OnUsageError = func(c *cli.Context, err error, _ bool) error {
				return wrap(fmt.Errorf("%s: %w (see `%s --help`)", name, err, name))
			}
		}
		UsageErrors(cmd.Subcommands, name, wrap)
	}
}

// NewLogger builds the logger of the --log-level (debug, info, warn,
// error) and --log-format (text, json) flags, writing to w.
func NewLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: use debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: l}
	switch strings.ToLower(format) {
	case "text", "":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: use text or json", format)
}

// JSONLogs reports whether args (or the environment variable env) ask for
// --log-format json, for the lines written after the command has ended
// or before its flags are parsed.
func JSONLogs(args []string, env string) bool {
	format := os.Getenv(env)
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

// Say writes one line for a person: "NAME: MSG" as text, or a JSON record
// when asJSON, so that every line a log shipper reads is JSON.
func Say(w io.Writer, name string, asJSON bool, level slog.Level, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if asJSON {
		slog.New(slog.NewJSONHandler(w, nil)).Log(context.Background(), level, msg)
		return
	}
	fmt.Fprintln(w, name+": "+msg)
}

// ParseSize reads a byte count: "1048576", "512KiB", "20MiB", "1GiB"
// (KB, MB and GB are read as the binary units too).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if len(t) > len(u.suffix) && strings.EqualFold(t[len(t)-len(u.suffix):], u.suffix) {
			t, mult = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, fmt.Errorf("%q is not a size: write bytes, or a number with KiB, MiB or GiB (e.g. 20MiB)", s)
	}
	return n * mult, nil
}
