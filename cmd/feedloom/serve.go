package main

import (
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/internal/app"
)

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:        "serve",
		Usage:       "keep polling, publish new items as they come, and serve the site, metrics and health over HTTP",
		Description: help("serve"),
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8080", EnvVars: []string{"FEEDLOOM_LISTEN"}, Usage: "`ADDRESS` to serve on"},
		}, pollFlags()...),
		Action: func(c *cli.Context) error {
			e, r, done, err := openWriter(c, false)
			if err != nil {
				return err
			}
			defer done()
			ln, err := net.Listen("tcp", c.String("listen"))
			if err != nil {
				return fatal(err)
			}
			hup := make(chan os.Signal, 1)
			signal.Notify(hup, syscall.SIGHUP)
			defer signal.Stop(hup)
			s := &app.Serve{DB: e.db, Log: e.log, Load: func() (*aggregator.Collection, error) { return loadCollection(c) }, Reload: hup,
				Refresher: r, Out: c.String("out"), Output: outputOptions(c), Limits: e.content(c).Limits,
				Retention: c.Duration("retention"), KeepMin: c.Int("keep-min"), Metrics: app.NewMetrics(c.String("db")), MaxAge: c.Duration("min-interval")}
			sayc(c, "serving %s on http://%s/ (metrics at /metrics)", c.String("out"), ln.Addr())
			if err := s.Run(c.Context, ln); err != nil {
				return fatal(err)
			}
			return nil
		},
	}
}
