package main

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fetch"
	"github.com/feedloom/feedloom/internal/cliflags"
	"github.com/urfave/cli/v2"
)

// politeFlags configure how feedloom talks to publishers; `refresh` and
// `sources add` share them.
func politeFlags() []cli.Flag {
	d := fetch.DefaultOptions
	return []cli.Flag{
		&cli.StringFlag{Name: "contact", EnvVars: []string{"FEEDLOOM_CONTACT"}, Usage: "`URL` (or mailto:) publishers can reach you at; it replaces the project URL in the User-Agent"},
		&cli.StringFlag{Name: "max-body", Value: "20MiB", EnvVars: []string{"FEEDLOOM_MAX_BODY"}, Usage: "largest feed accepted, after decompression (`SIZE`: bytes, or with KiB/MiB/GiB); larger ones fail as too-large"},
		&cli.DurationFlag{Name: "timeout", Value: d.Timeout, EnvVars: []string{"FEEDLOOM_TIMEOUT"}, Usage: "limit for one whole request, body included"},
		&cli.DurationFlag{Name: "connect-timeout", Value: d.ConnectTimeout, EnvVars: []string{"FEEDLOOM_CONNECT_TIMEOUT"}, Usage: "limit for opening a connection"},
		&cli.DurationFlag{Name: "tls-timeout", Value: d.TLSTimeout, EnvVars: []string{"FEEDLOOM_TLS_TIMEOUT"}, Usage: "limit for the TLS handshake"},
		&cli.DurationFlag{Name: "header-timeout", Value: d.HeaderTimeout, EnvVars: []string{"FEEDLOOM_HEADER_TIMEOUT"}, Usage: "limit for the response headers to arrive"},
		&cli.IntFlag{Name: "max-redirects", Value: d.MaxRedirects, EnvVars: []string{"FEEDLOOM_MAX_REDIRECTS"}, Usage: "redirects followed before giving up (0 = follow none)"},
		&cli.BoolFlag{Name: "allow-private", EnvVars: []string{"FEEDLOOM_ALLOW_PRIVATE"}, Usage: "let redirects and discovered feed links lead to loopback, private and link-local addresses (a host the OPML names itself is always allowed)"},
	}
}

// scheduleFlags configure when sources are polled again.
func scheduleFlags() []cli.Flag {
	return []cli.Flag{
		&cli.DurationFlag{Name: "min-interval", Value: 30 * time.Minute, EnvVars: []string{"FEEDLOOM_MIN_INTERVAL"}, Usage: "shortest time between two polls of a source; set it to your cron period"},
		&cli.DurationFlag{Name: "max-interval", Value: 24 * time.Hour, EnvVars: []string{"FEEDLOOM_MAX_INTERVAL"}, Usage: "longest time between polls that server hints (max-age, Expires, ttl, sy:updatePeriod) may ask for"},
		&cli.DurationFlag{Name: "max-backoff", Value: 24 * time.Hour, EnvVars: []string{"FEEDLOOM_MAX_BACKOFF"}, Usage: "longest wait after failures, Retry-After included"},
		&cli.DurationFlag{Name: "moved-grace", Value: 7 * 24 * time.Hour, EnvVars: []string{"FEEDLOOM_MOVED_GRACE"}, Usage: "how long a source must get the same permanent redirect before it counts as moved"},
		&cli.IntFlag{Name: "moved-polls", Value: 5, EnvVars: []string{"FEEDLOOM_MOVED_POLLS"}, Usage: "and over how many polls in a row"},
	}
}

// fetchUserAgent is the honest User-Agent: the program, its version and
// where to reach whoever runs it.
func fetchUserAgent(contact string) string {
	if contact == "" {
		contact = projectURL
	}
	return fmt.Sprintf("feedloom/%s (+%s)", buildVersion(), contact)
}

// newFetcher builds the HTTP client from the politeness flags.
func newFetcher(c *cli.Context) (*fetch.Client, error) {
	contact := strings.TrimSpace(c.String("contact"))
	if contact != "" {
		u, err := url.Parse(contact)
		if err != nil || u.Scheme == "" || strings.ContainsAny(contact, "()\r\n") {
			return nil, configError(fmt.Errorf("--contact %q: give a URL such as https://example.org/about or mailto:you@example.org", contact))
		}
	}
	maxBody, err := cliflags.ParseSize(c.String("max-body"))
	if err != nil {
		return nil, configError(fmt.Errorf("--max-body: %w", err))
	}
	return fetch.New(fetch.Options{
		UserAgent:      fetchUserAgent(contact),
		Timeout:        c.Duration("timeout"),
		ConnectTimeout: c.Duration("connect-timeout"),
		TLSTimeout:     c.Duration("tls-timeout"),
		HeaderTimeout:  c.Duration("header-timeout"),
		MaxBody:        maxBody,
		MaxRedirects:   maxRedirects(c.Int("max-redirects")),
		AllowPrivate:   c.Bool("allow-private"),
	}), nil
}

// refreshOptions builds the pipeline's options from the flags.
func refreshOptions(c *cli.Context) (aggregator.RefreshOptions, error) {
	o := aggregator.RefreshOptions{
		Concurrency: c.Int("concurrency"),
		PerHost:     c.Int("per-host"),
		Schedule: aggregator.Schedule{
			MinInterval: c.Duration("min-interval"),
			MaxInterval: c.Duration("max-interval"),
			MaxBackoff:  c.Duration("max-backoff"),
		},
		MovedGrace: c.Duration("moved-grace"),
		MovedPolls: c.Int("moved-polls"),
		Deadline:   c.Duration("deadline"),
	}
	switch {
	case o.Concurrency < 1:
		return o, configError(fmt.Errorf("--concurrency %d: at least 1", o.Concurrency))
	case o.PerHost < 1:
		return o, configError(fmt.Errorf("--per-host %d: at least 1", o.PerHost))
	case o.Schedule.MinInterval <= 0:
		return o, configError(fmt.Errorf("--min-interval %s: give a positive duration such as 30m", o.Schedule.MinInterval))
	case o.Schedule.MaxInterval < o.Schedule.MinInterval:
		return o, configError(fmt.Errorf("--max-interval %s is shorter than --min-interval %s", o.Schedule.MaxInterval, o.Schedule.MinInterval))
	case o.Schedule.MaxBackoff <= 0 || o.MovedGrace <= 0 || o.MovedPolls < 1:
		return o, configError(fmt.Errorf("--max-backoff, --moved-grace and --moved-polls must be positive"))
	}
	return o, nil
}

// maxRedirects maps --max-redirects to fetch.Options, where 0 is the
// default: here 0 means what it says.
func maxRedirects(n int) int {
	if n == 0 {
		return fetch.NoRedirects
	}
	return n
}
