package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/opml"
	"github.com/feedloom/feedloom/internal/app"
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
			type row struct {
				URL        string   `json:"url"`
				Title      string   `json:"title"`
				SiteURL    string   `json:"site_url,omitempty"`
				Categories []string `json:"categories"`
				Line       int      `json:"line"`
			}
			rows := make([]row, 0, len(col.Sources))
			for _, s := range col.Sources {
				rows = append(rows, row{s.URL, s.Title, s.SiteURL, append([]string{}, s.Categories...), s.Line})
			}
			if c.Bool("json") {
				enc := json.NewEncoder(c.App.Writer)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			tw := tabwriter.NewWriter(c.App.Writer, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "TITLE\tURL\tCATEGORIES")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", clip(r.Title, 40), r.URL, strings.Join(r.Categories, ", "))
			}
			return tw.Flush()
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
			args, err := positionalArgs(c)
			if err != nil {
				return err
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
