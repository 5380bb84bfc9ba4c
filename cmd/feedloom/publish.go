package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/output"
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
			rep, err := publishSite(c, e, false)
			if err != nil {
				return err
			}
			if c.Bool("verbose") {
				sayc(c, "published %d outputs into %s (%d files written, %d unchanged, %d removed)",
					rep.outputs, c.String("out"), rep.written, rep.unchanged, rep.removed)
			}
			return nil
		},
	}
}

type publishReport struct{ outputs, written, unchanged, removed int }

// publishSite selects every output's entries and writes the site. With
// skipCurrent, a site already published from the same store generation,
// collection, limits and options is left as it is without rendering: a
// refresh in which every source answered 304 costs no publish.
func publishSite(c *cli.Context, e *env, skipCurrent bool) (*publishReport, error) {
	opts := outputOptions(c)
	// Reading every source's record checks each one's checksum, key
	// included: a damaged source record would otherwise only go missing
	// from the outputs. There is one per source, so this costs little.
	if _, err := e.db.SourceStates(c.Context); err != nil {
		return nil, fatal(fmt.Errorf("publish: %w", err))
	}
	stamp := func() (string, error) {
		gen, err := e.db.Generation(c.Context)
		return aggregator.PublishStamp(gen, e.col, limits(c), opts.BaseURL, opts.Generator, opts.WebSubHub), err
	}
	if skipCurrent {
		s, err := stamp()
		if err != nil {
			return nil, fatal(fmt.Errorf("publish: %w", err))
		}
		if output.UpToDate(c.String("out"), s) {
			n := len(e.col.Outputs())
			return &publishReport{outputs: n, unchanged: n*4 + 2}, nil
		}
	}
	feeds, err := aggregator.Feeds(c.Context, e.db, e.col, limits(c), time.Now())
	if err != nil {
		return nil, fatal(fmt.Errorf("publish: %w", err))
	}
	// Building a new topic's membership changes the store: stamp after.
	if opts.Stamp, err = stamp(); err != nil {
		return nil, fatal(fmt.Errorf("publish: %w", err))
	}
	site := &output.Site{Title: e.col.Title, Owner: e.col.Owner, Feeds: feeds}
	rep, err := output.Publish(c.Context, c.String("out"), site, opts)
	if err != nil {
		return nil, fatal(fmt.Errorf("publish: %w", err))
	}
	return &publishReport{outputs: len(feeds), written: len(rep.Written), unchanged: len(rep.Unchanged), removed: len(rep.Removed)}, nil
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
