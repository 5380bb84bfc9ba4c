package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/opml"
	"github.com/feedloom/feedloom/store"
	"github.com/urfave/cli/v2"
)

// updateOPML rewrites the xmlUrl of every source that has moved for good
// (see aggregator.SourceState.Moved), saves the OPML file (the old one as
// FILE.bak, the new one atomically; nothing else in it changes), and
// carries each source over to its new URL in the store (store.MoveSource:
// its state, so the next poll sends the same validators and keeps the same
// health record, and its items, so the outputs keep every entry). It
// returns the states as they now are.
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
		if data, err = opml.RewriteSourceURL(data, m.from, m.to); err != nil {
			return nil, fatal(fmt.Errorf("update %s: %w; the file was left unchanged", path, err))
		}
	}
	abs, _ := filepath.Abs(path)
	if _, err := opml.Parse(data, path, filepath.Dir(abs), aggregator.CompileQuery); err != nil {
		return nil, fatal(fmt.Errorf("update %s: the edited file would not load (%v); it was left unchanged", path, err))
	}
	if err := opml.Save(path, old, data); err != nil {
		return nil, fatal(fmt.Errorf("update --opml: %w", err))
	}
	for _, m := range moves {
		st := m.st
		st.URL, st.MovedFrom = m.to, m.from
		st.RedirectTo, st.RedirectFirstSeen, st.RedirectCount, st.Moved = "", time.Time{}, 0, false
		// The source's items, stories and identities go with it, so the
		// outputs keep every entry and the next poll of the new URL
		// finds what it already has.
		err := e.db.MoveSource(c.Context, m.from, m.to, st)
		if errors.Is(err, store.ErrMoveTarget) {
			e.log.Warn("the store already holds items of the new URL: only the state was carried over, and the old items stay under the old URL until they age out",
				"from", m.from, "to", m.to)
			_, err = e.db.Commit(c.Context, []*aggregator.SourceResult{{State: st}})
		}
		if err != nil {
			return nil, fatal(fmt.Errorf("%s was updated, but the moved source %s could not be carried to %s in the store: %w", path, m.from, m.to, err))
		}
		delete(states, m.from)
		states[m.to] = st
		attrs := []any{"from", m.from, "to", m.to, "opml", path, "backup", path + ".bak"}
		if c.Bool("verbose") {
			e.log.Warn("updated the URL of a moved source", attrs...)
		} else {
			e.log.Info("updated the URL of a moved source", attrs...)
		}
	}
	return states, nil
}
