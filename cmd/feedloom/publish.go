package main

import (
	"github.com/feedloom/feedloom/internal/app"
	"github.com/feedloom/feedloom/output"
	"github.com/urfave/cli/v2"
)

func publishCommand() *cli.Command {
	return &cli.Command{
		Name:        "publish",
		Usage:       "render every output from the store, without fetching",
		Description: help("publish"),
		Action: func(c *cli.Context) error {
			e, err := openEnv(c, false)
			if err != nil {
				return err
			}
			defer e.close()
			if err := output.CheckFolder(c.String("out")); err != nil {
				return fatal(err)
			}
			opts := outputOptions(c)
			opts.Force = true
			rep, err := app.Publish(c.Context, e.content(c), c.String("out"), opts)
			if err != nil {
				return fatal(err)
			}
			if c.Bool("verbose") {
				sayc(c, "published %d outputs into %s (%d files written, %d unchanged, %d removed)",
					rep.Outputs, c.String("out"), len(rep.Written), len(rep.Unchanged), len(rep.Removed))
			}
			return nil
		},
	}
}
