package main

import (
	"fmt"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/internal/app"
	"github.com/urfave/cli/v2"
)

func pruneCommand() *cli.Command {
	return &cli.Command{
		Name:        "prune",
		Usage:       "remove stored stories older than --retention, keeping --keep-min per source",
		Description: help("prune"),
		Action: func(c *cli.Context) error {
			db, err := openDB(c, storeOptions(c, false))
			if err != nil {
				return err
			}
			defer db.Close()
			st, err := pruneStore(c, db)
			if err != nil {
				return err
			}
			if c.Bool("verbose") {
				sayc(c, "pruned %d stories (%d items) from %s", st.Stories, st.Items, db.Path())
			}
			return nil
		},
	}
}

// pruneStore applies --retention and --keep-min to the store.
func pruneStore(c *cli.Context, db app.Store) (aggregator.PruneStats, error) {
	ret := c.Duration("retention")
	if ret <= 0 {
		return aggregator.PruneStats{}, nil
	}
	st, err := db.Prune(c.Context, aggregator.PruneOptions{Before: time.Now().Add(-ret), KeepMin: max(c.Int("keep-min"), 0)})
	if err != nil {
		return st, fatal(fmt.Errorf("prune: %w", err))
	}
	return st, nil
}
