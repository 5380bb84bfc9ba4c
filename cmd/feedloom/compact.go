package main

import (
	"github.com/urfave/cli/v2"
)

func compactCommand() *cli.Command {
	return &cli.Command{
		Name:  "compact",
		Usage: "rewrite the database without its free pages, to give space back",
		Description: `bbolt never shrinks its file: space freed by prune is reused, not returned.
compact copies the database into a new file beside it, checks the copy, and renames it
over the original while holding the database lock; if it is interrupted, the original
is left as it was. It needs free disk space for a second copy.

Example:
   feedloom --db /var/lib/feedloom/feedloom.db compact`,
		Action: func(c *cli.Context) error {
			db, err := openDB(c, false)
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
