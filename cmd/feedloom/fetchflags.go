package main

import (
	"fmt"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fetch"
	"github.com/feedloom/feedloom/internal/app"
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

// pollFlags configure polling for refresh and serve: how many requests at
// once, how politely, and when a source is polled again.
func pollFlags() []cli.Flag {
	return append(politeFlags(),
		&cli.IntFlag{Name: "concurrency", Value: 8, EnvVars: []string{"FEEDLOOM_CONCURRENCY"}, Usage: "requests in flight overall"},
		&cli.IntFlag{Name: "per-host", Value: 1, EnvVars: []string{"FEEDLOOM_PER_HOST"}, Usage: "requests in flight to one host"},
		&cli.DurationFlag{Name: "min-interval", Value: 30 * time.Minute, EnvVars: []string{"FEEDLOOM_MIN_INTERVAL"}, Usage: "shortest time between two polls of a source; set it to your cron period"},
		&cli.DurationFlag{Name: "max-interval", Value: 24 * time.Hour, EnvVars: []string{"FEEDLOOM_MAX_INTERVAL"}, Usage: "longest time between polls that server hints (max-age, Expires, ttl, sy:updatePeriod) may ask for"},
		&cli.DurationFlag{Name: "max-backoff", Value: 24 * time.Hour, EnvVars: []string{"FEEDLOOM_MAX_BACKOFF"}, Usage: "longest wait after failures, Retry-After included"},
		&cli.DurationFlag{Name: "moved-grace", Value: 7 * 24 * time.Hour, EnvVars: []string{"FEEDLOOM_MOVED_GRACE"}, Usage: "how long a source must get the same permanent redirect before it counts as moved"},
		&cli.IntFlag{Name: "moved-polls", Value: 5, EnvVars: []string{"FEEDLOOM_MOVED_POLLS"}, Usage: "and over how many polls in a row"},
	)
}

// newFetcher builds the HTTP client from the politeness flags.
func newFetcher(c *cli.Context) (*fetch.Client, error) {
	ua, err := app.UserAgent(buildVersion(), c.String("contact"))
	if err != nil {
		return nil, configError(err)
	}
	maxBody, err := cliflags.ParseSize(c.String("max-body"))
	if err != nil {
		return nil, configError(fmt.Errorf("--max-body: %w", err))
	}
	return fetch.New(fetch.Options{
		UserAgent:      ua,
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
	if err := app.CheckPollOptions(o); err != nil {
		return o, configError(err)
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
