package main

import (
	"encoding/json"
	"time"

	"github.com/feedloom/feedloom/internal/app"
	"github.com/urfave/cli/v2"
)

func statusCommand() *cli.Command {
	return &cli.Command{
		Name:        "status",
		Usage:       "show every source's health: failing sources first",
		Description: help("status"),
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print JSON instead of a table"},
		},
		Action: func(c *cli.Context) error {
			e, err := openEnv(c, true)
			if err != nil {
				return err
			}
			defer e.close()
			states, err := e.db.SourceStates(c.Context)
			if err != nil {
				return fatal(err)
			}
			now := time.Now()
			rows := app.Status(e.col, states, now)
			if c.Bool("json") {
				enc := json.NewEncoder(c.App.Writer)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			app.WriteStatus(c.App.Writer, rows, now)
			return nil
		},
	}
}
