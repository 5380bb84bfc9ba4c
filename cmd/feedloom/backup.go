package main

import (
	"errors"

	"github.com/feedloom/feedloom/store"
	"github.com/urfave/cli/v2"
)

func backupCommand() *cli.Command {
	return &cli.Command{
		Name:        "backup",
		Usage:       "write a consistent copy of the database to FILE",
		ArgsUsage:   "FILE",
		Description: help("backup"),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return configError(errors.New("backup needs one argument, the FILE to write (see `feedloom backup --help`)"))
			}
			db, err := openDB(c, storeOptions(c, true))
			if err != nil {
				return err
			}
			defer db.Close()
			n, err := db.Backup(c.Context, c.Args().First())
			if err != nil {
				return fatal(err)
			}
			if c.Bool("verbose") {
				sayc(c, "wrote %d bytes to %s", n, c.Args().First())
			}
			return nil
		},
	}
}

// openDB opens the store with opts and, when it is small, checks all of it
// (see store.CheckSmall): damage is reported by whichever command meets it
// first.
func openDB(c *cli.Context, opts store.Options) (*store.DB, error) {
	if err := checkDBFolder(c); err != nil {
		return nil, err
	}
	db, err := store.Open(c.String("db"), opts)
	if err != nil {
		if errors.Is(err, store.ErrNewerSchema) {
			return nil, configError(err)
		}
		return nil, fatal(err)
	}
	if _, err := db.CheckSmall(c.Context); err != nil {
		db.Close()
		return nil, fatal(err)
	}
	return db, nil
}
