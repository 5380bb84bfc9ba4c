package main

import (
	"errors"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/internal/app"
	"github.com/feedloom/feedloom/internal/cliflags"
	"github.com/urfave/cli/v2"
)

func sourcesCommand() *cli.Command {
	return &cli.Command{
		Name:        "sources",
		Usage:       "add (with feed autodiscovery), list or remove the sources of the OPML file",
		Description: help("sources"),
		Subcommands: []*cli.Command{sourcesAddCommand(), sourcesListCommand(), sourcesRemoveCommand()},
	}
}

func sourcesListCommand() *cli.Command {
	return &cli.Command{
		Name:        "list",
		Usage:       "list the sources of the OPML file",
		Description: help("sources-list"),
		Flags:       []cli.Flag{&cli.BoolFlag{Name: "json", Usage: "print JSON instead of a table"}},
		Action: func(c *cli.Context) error {
			col, err := loadCollection(c)
			if err != nil {
				return err
			}
			return app.WriteSources(c.App.Writer, col, c.Bool("json"))
		},
	}
}

func sourcesRemoveCommand() *cli.Command {
	return &cli.Command{
		Name:        "remove",
		Usage:       "remove a source from the OPML file",
		ArgsUsage:   "URL",
		Description: help("sources-remove"),
		Action: func(c *cli.Context) error {
			args, err := cliflags.PositionalArgs(c)
			if err != nil {
				return configError(err)
			}
			if len(args) != 1 {
				return configError(errors.New("sources remove takes one URL: the source's xmlUrl"))
			}
			col, err := loadCollection(c)
			if err != nil {
				return err
			}
			s, err := app.RemoveSource(col, args[0])
			if err != nil {
				return exitFor(err)
			}
			fmt.Fprintf(c.App.Writer, "removed %s (%s) from %s\n", app.SourceName(s, &aggregator.SourceState{}), s.URL, col.Path)
			return nil
		},
	}
}
