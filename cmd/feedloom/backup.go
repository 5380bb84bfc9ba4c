package main

import (
	"errors"

	"github.com/feedloom/feedloom/internal/app"
	"github.com/feedloom/feedloom/store"
	"github.com/urfave/cli/v2"
)

func backupCommand() *cli.Command {
	return &cli.Command{
		Name: "backup", Usage: "write a consistent copy of the store to FILE", ArgsUsage: "FILE", Description: help("backup"),
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

func restoreCommand() *cli.Command {
	return &cli.Command{
		Name: "restore", Usage: "load a backup FILE into the empty store --db names", ArgsUsage: "FILE", Description: help("restore"),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return configError(errors.New("restore needs one argument, the FILE `feedloom backup` wrote (see `feedloom restore --help`)"))
			}
			return exitFor(app.Restore(c.Context, c.Args().First(), c.String("db"), storeOptions(c, false)))
		},
	}
}

func migrateCommand() *cli.Command {
	return &cli.Command{
		Name: "migrate", Usage: "copy a whole store into another, empty one (a file to PostgreSQL or back)", Description: help("migrate"),
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "from", Required: true, Usage: "the store to copy: a database `FILE` or a postgres:// URL"},
			&cli.StringFlag{Name: "to", Required: true, Usage: "the empty store to copy into: a database `FILE` or a postgres:// URL"},
		},
		Action: func(c *cli.Context) error {
			return exitFor(app.Migrate(c.Context, c.String("from"), c.String("to"), storeOptions(c, false)))
		},
	}
}

// openDB opens the store --db names with opts (app.OpenStoreAt).
func openDB(c *cli.Context, opts app.StoreOptions) (app.Store, error) {
	db, err := app.OpenStoreAt(c.Context, c.String("db"), c.Bool("create-dirs"), opts)
	return db, exitFor(err)
}

// openFile opens the bbolt store --db names, for what only a file has.
func openFile(c *cli.Context, opts app.StoreOptions) (*store.DB, error) {
	db, err := openDB(c, opts)
	if err != nil {
		return nil, err
	}
	return db.(*store.DB), nil
}
