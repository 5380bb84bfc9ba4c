package main

import (
	"errors"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/opml"
	"github.com/feedloom/feedloom/internal/app"
	"github.com/feedloom/feedloom/internal/cliflags"
	"github.com/urfave/cli/v2"
)

func sourcesCommand() *cli.Command {
	return &cli.Command{
		Name:  "sources",
		Usage: "add (with feed autodiscovery), list or remove the sources of the OPML file",
		Description: `Edits the OPML file in place, changing only the outline concerned: comments,
attribute order, indentation and every other outline stay byte for byte as they were.
The previous file is kept as FILE.bak, and the new one is written atomically.`,
		Subcommands: []*cli.Command{sourcesAddCommand(), sourcesListCommand(), sourcesRemoveCommand()},
	}
}

func sourcesListCommand() *cli.Command {
	return &cli.Command{
		Name:  "list",
		Usage: "list the sources of the OPML file",
		Description: `Prints every source in OPML order with its categories. --json prints url,
title, site_url, categories and line for scripts. Nothing is fetched.`,
		Flags: []cli.Flag{&cli.BoolFlag{Name: "json", Usage: "print JSON instead of a table"}},
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
		Name:      "remove",
		Usage:     "remove a source from the OPML file",
		ArgsUsage: "URL",
		Description: `Removes the source's outline (its line, when it has one to itself) from the
OPML file; nothing else in the file changes. Its items stay in the database until
retention prunes them; its outputs stop listing it at the next publish.

Example:
   feedloom sources remove https://example.org/feed.xml`,
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
			s := col.Source(args[0])
			if s == nil {
				return configError(fmt.Errorf("%s is not a source in %s (see `feedloom sources list`)", args[0], col.Path))
			}
			if len(col.Sources) == 1 {
				return configError(fmt.Errorf("%s is the only source in %s, and an OPML file needs one; add another first", s.URL, col.Path))
			}
			if err := app.EditOPML(col.Path, func(data []byte) ([]byte, error) {
				return opml.RemoveSource(data, s.URL)
			}); err != nil {
				return fatal(err)
			}
			fmt.Fprintf(c.App.Writer, "removed %s (%s) from %s\n", app.SourceName(s, &aggregator.SourceState{}), s.URL, col.Path)
			return nil
		},
	}
}
