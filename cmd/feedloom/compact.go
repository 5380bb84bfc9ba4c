package main

import (
	"github.com/feedloom/feedloom/internal/app"
	"github.com/urfave/cli/v2"
)

func compactCommand() *cli.Command {
	return &cli.Command{
		Name:        "compact",
		Usage:       "rewrite the database without its free pages, to give space back",
		Description: help("compact"),
		Action: func(c *cli.Context) error {
			if app.IsPostgres(c.String("db")) {
				sayc(c, "nothing to do: PostgreSQL gives space back itself (autovacuum); VACUUM FULL rewrites its tables when the disk must shrink at once")
				return nil
			}
			db, err := openFile(c, storeOptions(c, false))
			if err != nil {
				return err
			}
			st, err := db.Compact(c.Context)
			if err != nil {
				return fatal(err)
			}
			if c.Bool("verbose") {
				sayc(c, "compacted %s from %d to %d bytes", c.String("db"), st.Before, st.After)
			}
			return nil
		},
	}
}
