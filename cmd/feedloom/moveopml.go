package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/urfave/cli/v2"
)

// updateOPML rewrites the xmlUrl of every source that has moved for good
// (see aggregator.SourceState.Moved), saves the OPML file (the old one as
// FILE.bak, the new one atomically; nothing else in it changes), and
// carries each source's state over to its new URL, so the next poll sends
// the same validators and keeps the same health record. The old state
// stays in the store under the old URL, unused. It returns the states as
// they now are.
func updateOPML(c *cli.Context, e *env, states map[string]aggregator.SourceState) (map[string]aggregator.SourceState, error) {
	type move struct {
		from, to string
		st       aggregator.SourceState
	}
	var moves []move
	for _, s := range e.col.SourcesIn("") {
		st, ok := states[s.URL]
		if !ok || !st.Moved || st.RedirectTo == "" {
			continue
		}
		if other := e.col.Source(st.RedirectTo); other != nil {
			e.log.Warn("source moved to a URL the OPML already lists; remove one of them",
				"source", s.URL, "moved_to", st.RedirectTo, "line", other.Line)
			continue
		}
		moves = append(moves, move{s.URL, st.RedirectTo, st})
	}
	if len(moves) == 0 {
		return states, nil
	}
	path := e.col.Path
	old, err := os.ReadFile(path)
	if err != nil {
		return nil, fatal(fmt.Errorf("update %s: %w", path, err))
	}
	data := old
	for _, m := range moves {
		if data, err = aggregator.RewriteSourceURL(data, m.from, m.to); err != nil {
			return nil, fatal(fmt.Errorf("update %s: %w; the file was left unchanged", path, err))
		}
	}
	abs, _ := filepath.Abs(path)
	if _, err := aggregator.ParseOPML(data, path, filepath.Dir(abs), aggregator.CompileQuery); err != nil {
		return nil, fatal(fmt.Errorf("update %s: the edited file would not load (%v); it was left unchanged", path, err))
	}
	if err := aggregator.SaveOPML(path, old, data); err != nil {
		return nil, fatal(fmt.Errorf("update --opml: %w", err))
	}
	results := make([]*aggregator.SourceResult, 0, len(moves))
	for _, m := range moves {
		st := m.st
		st.URL, st.MovedFrom = m.to, m.from
		st.RedirectTo, st.RedirectFirstSeen, st.RedirectCount, st.Moved = "", time.Time{}, 0, false
		results = append(results, &aggregator.SourceResult{State: st})
		states[m.to] = st
		attrs := []any{"from", m.from, "to", m.to, "opml", path, "backup", path + ".bak"}
		if c.Bool("verbose") {
			e.log.Warn("updated the URL of a moved source", attrs...)
		} else {
			e.log.Info("updated the URL of a moved source", attrs...)
		}
	}
	if _, err := e.db.Commit(c.Context, results); err != nil {
		return nil, fatal(fmt.Errorf("%s was updated, but the moved sources' states were not: %w", path, err))
	}
	return states, nil
}
