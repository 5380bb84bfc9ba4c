package main

import (
	"errors"
	"fmt"

	"github.com/feedloom/feedloom/internal/app"
	"github.com/feedloom/feedloom/internal/cliflags"
	"github.com/urfave/cli/v2"
)

func sourcesAddCommand() *cli.Command {
	return &cli.Command{
		Name:        "add",
		Usage:       "add a feed, or find the feed of a web page, to the OPML file",
		ArgsUsage:   "URL",
		Description: help("sources-add"),
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "category", Usage: "folder `PATH` to add the source to, e.g. News/Europe"},
			&cli.StringFlag{Name: "title", Usage: "name the source (default: the feed's own title)"},
			&cli.IntFlag{Name: "pick", Usage: "when the page announces several feeds, take the `N`th (from 1)"},
		}, politeFlags()...),
		Action: sourcesAdd,
	}
}

func sourcesAdd(c *cli.Context) error {
	args, err := cliflags.PositionalArgs(c)
	if err != nil {
		return configError(err)
	}
	if len(args) != 1 {
		return configError(errors.New("sources add takes one URL: a feed or a web page"))
	}
	col, err := loadCollection(c)
	if err != nil {
		return err
	}
	client, err := newFetcher(c)
	if err != nil {
		return err
	}
	defer client.CloseIdleConnections()
	added, err := app.AddSource(c.Context, col, client, app.NewSource{URL: args[0], Pick: c.Int("pick"), Title: c.String("title"), Category: c.String("category")})
	var input *app.InputError
	switch {
	case errors.As(err, &input):
		return configError(err)
	case err != nil:
		if added != nil && added.Discovery != nil {
			app.WriteCandidates(c.App.Writer, added.Discovery)
		}
		return fatal(err)
	}
	o, d := added.Outline, added.Discovery
	where := "at the top level"
	if o.Category != "" {
		where = "in " + o.Category
	}
	fmt.Fprintf(c.App.Writer, "added %q (%s) %s of %s\n", o.Title, o.XMLURL, where, col.Path)
	if len(d.Candidates) > 1 {
		app.WriteCandidates(c.App.Writer, d)
	}
	return reviveSource(c, o.XMLURL)
}

// reviveSource clears an old 410 Gone of the added source (app.ReviveSource),
// when there is a store; a busy one is only reported.
func reviveSource(c *cli.Context, u string) error {
	revived, err := app.ReviveSourceIn(c.Context, c.String("db"), storeOptions(c, false), u)
	var busy *app.BusyError
	switch {
	case errors.As(err, &busy):
		sayc(c, "%v", err)
	case err != nil:
		return fatal(err)
	case revived:
		fmt.Fprintf(c.App.Writer, "it had answered 410 Gone before; it will be polled again\n")
	}
	return nil
}
