package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:        "check",
		Usage:       "validate the OPML file and its topic queries, without network",
		Description: help("check"),
		Action: func(c *cli.Context) error {
			col, err := loadCollection(c)
			if err != nil {
				return err
			}
			w := c.App.Writer
			for _, p := range col.Warnings {
				fmt.Fprintf(c.App.ErrWriter, "warning: %s:%d: %s\n", col.Path, p.Line, p.Msg)
			}
			fmt.Fprintf(w, "%s: %d sources, %d categories, %d topics\n", col.Path, len(col.Sources), len(col.Categories), len(col.Topics))
			for _, o := range col.Outputs() {
				fmt.Fprintf(w, "  %-9s %-24s %s\n", o.Kind, o.Slug+"/", o.Name)
			}
			return nil
		},
	}
}
