package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/feedloom/feedloom/internal/app"
	"github.com/urfave/cli/v2"
)

func publishCommand() *cli.Command {
	return &cli.Command{
		Name:  "publish",
		Usage: "render every output from the store, without fetching",
		Description: `Renders "all", every category and every topic from what the database holds and
writes them into --out. Nothing is fetched. Use it after editing a topic query or the
limits, or to rebuild a deleted output folder.

Example:
   feedloom --out public --max-items 50 publish`,
		Action: func(c *cli.Context) error {
			e, err := openEnv(c, false)
			if err != nil {
				return err
			}
			defer e.close()
			if err := checkWritable(c.String("out")); err != nil {
				return fatal(err)
			}
			opts := outputOptions(c)
			opts.Force = true
			rep, err := app.Publish(c.Context, e.content(c), c.String("out"), opts)
			if err != nil {
				return fatal(err)
			}
			if c.Bool("verbose") {
				sayc(c, "published %d outputs into %s (%d files written, %d unchanged, %d removed)",
					rep.Outputs, c.String("out"), len(rep.Written), len(rep.Unchanged), len(rep.Removed))
			}
			return nil
		},
	}
}

// checkWritable fails early, before anything is fetched, when the output
// folder cannot be written.
func checkWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output folder %s cannot be created: %w; choose another --out or fix its permissions", dir, err)
	}
	f, err := os.CreateTemp(dir, ".feedloom-probe-*")
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return fmt.Errorf("output folder %s is not writable; fix its permissions or choose another --out", dir)
		}
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(filepath.Clean(name))
}
