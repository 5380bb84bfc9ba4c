package app

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/feedloom/feedloom/aggregator"
)

// ProjectURL is where feedloom lives; the User-Agent names it.
const ProjectURL = "https://github.com/feedloom/feedloom"

// Version is feedloom's version: set (from the build's -ldflags) when not
// empty, else the module version of the build, else a development one.
func Version(set string) string {
	if set != "" {
		return set
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "0.1.0-dev"
}

// UserAgent is the honest User-Agent: the program, its version and where
// to reach whoever runs it (contact, a URL or mailto:, else the project).
// A contact that is no URL, or would break the header, is refused.
func UserAgent(version, contact string) (string, error) {
	contact = strings.TrimSpace(contact)
	if contact == "" {
		contact = ProjectURL
	}
	if u, err := url.Parse(contact); err != nil || u.Scheme == "" || strings.ContainsAny(contact, "()\r\n") {
		return "", fmt.Errorf("--contact %q: give a URL such as https://example.org/about or mailto:you@example.org", contact)
	}
	return fmt.Sprintf("feedloom/%s (+%s)", version, contact), nil
}

// CheckPollOptions refuses polling options that cannot work, naming the
// flag that sets each.
func CheckPollOptions(o aggregator.RefreshOptions) error {
	switch {
	case o.Concurrency < 1:
		return fmt.Errorf("--concurrency %d: at least 1", o.Concurrency)
	case o.PerHost < 1:
		return fmt.Errorf("--per-host %d: at least 1", o.PerHost)
	case o.Schedule.MinInterval <= 0:
		return fmt.Errorf("--min-interval %s: give a positive duration such as 30m", o.Schedule.MinInterval)
	case o.Schedule.MaxInterval < o.Schedule.MinInterval:
		return fmt.Errorf("--max-interval %s is shorter than --min-interval %s", o.Schedule.MaxInterval, o.Schedule.MinInterval)
	case o.Schedule.MaxBackoff <= 0 || o.MovedGrace <= 0 || o.MovedPolls < 1:
		return fmt.Errorf("--max-backoff, --moved-grace and --moved-polls must be positive")
	}
	return nil
}

// Progress shows a refresh's progress on a terminal w: it returns the
// Refresher's Progress callback and the function that ends the bar (nil
// and a no-op when w is not a terminal: progress bars go only there).
func Progress(w io.Writer, total int) (func(done, total int), func()) {
	if f, ok := w.(*os.File); !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, func() {}
	}
	bar := progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("refreshing"),
		progressbar.OptionShowCount(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond))
	return func(done, _ int) { bar.Set(done) }, func() { bar.Finish() }
}
