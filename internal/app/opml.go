package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/opml"
)

// EditOPML applies edit to the OPML file at path, checks that the result
// still loads, and saves it (the old file as path.bak). The file is left
// unchanged when the edit fails or the result would not load.
func EditOPML(path string, edit func([]byte) ([]byte, error)) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	data, err := edit(old)
	if err != nil {
		return fmt.Errorf("edit %s: %w; the file was left unchanged", path, err)
	}
	abs, _ := filepath.Abs(path)
	if _, err := opml.Parse(data, path, filepath.Dir(abs), aggregator.CompileQuery); err != nil {
		return fmt.Errorf("edit %s: the edited file would not load (%v); it was left unchanged", path, err)
	}
	return opml.Save(path, old, data)
}

// InputError is a request that cannot be carried out as asked (a source
// that is not there, say); nothing was changed. At the command line it is
// a usage error.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// RemoveSource removes the outline of the source u from the OPML file of
// col (EditOPML) and returns the source it was. The last source cannot go:
// an OPML file needs one.
func RemoveSource(col *aggregator.Collection, u string) (*aggregator.Source, error) {
	s := col.Source(u)
	if s == nil {
		return nil, &InputError{fmt.Errorf("%s is not a source in %s (see `feedloom sources list`)", u, col.Path)}
	}
	if len(col.Sources) == 1 {
		return nil, &InputError{fmt.Errorf("%s is the only source in %s, and an OPML file needs one; add another first", s.URL, col.Path)}
	}
	err := EditOPML(col.Path, func(data []byte) ([]byte, error) { return opml.RemoveSource(data, s.URL) })
	return s, err
}

// Move is one source whose xmlUrl MoveSources rewrote.
type Move struct {
	From, To string
	// StateOnly is set when the store already held items of the new URL:
	// only the state was carried over, and the old items stay under the
	// old URL until they age out.
	StateOnly bool
}

// MoveSources rewrites the xmlUrl of every source of col that has moved for
// good (aggregator.SourceState.Moved) in one edit of the OPML file, then
// carries each over to its new URL in the store (store.MoveSource: its
// state, so the next poll sends the same validators and keeps its health
// record, and its items, so the outputs keep every entry). states is
// updated in place. A source that moved to a URL the OPML already lists
// is left alone and logged.
func MoveSources(ctx context.Context, db Store, col *aggregator.Collection, states map[string]aggregator.SourceState, log *slog.Logger) ([]Move, error) {
	var moves []Move
	for _, s := range col.SourcesIn("") {
		st, ok := states[s.URL]
		if !ok || !st.Moved || st.RedirectTo == "" {
			continue
		}
		if other := col.Source(st.RedirectTo); other != nil {
			log.Warn("source moved to a URL the OPML already lists; remove one of them",
				"source", s.URL, "moved_to", st.RedirectTo, "line", other.Line)
			continue
		}
		moves = append(moves, Move{From: s.URL, To: st.RedirectTo})
	}
	if len(moves) == 0 {
		return nil, nil
	}
	err := EditOPML(col.Path, func(data []byte) ([]byte, error) {
		var err error
		for _, m := range moves {
			if data, err = opml.RewriteSourceURL(data, m.From, m.To); err != nil {
				return nil, err
			}
		}
		return data, nil
	})
	if err != nil {
		return nil, fmt.Errorf("update --opml: %w", err)
	}
	for i := range moves {
		m := &moves[i]
		st := states[m.From]
		st.URL = m.From
		st = st.MovedTo(m.To)
		err := db.MoveSource(ctx, m.From, m.To, st)
		if errors.Is(err, aggregator.ErrMoveTarget) {
			m.StateOnly = true
			_, err = db.Commit(ctx, []*aggregator.SourceResult{{State: st}})
		}
		if err != nil {
			return moves[:i], fmt.Errorf("%s was updated, but the moved source %s could not be carried to %s in the store: %w", col.Path, m.From, m.To, err)
		}
		delete(states, m.From)
		states[m.To] = st
	}
	return moves, nil
}

// LogMoves logs what MoveSources did to the OPML file at opmlPath: each
// move at info level (a warning when verbose), and a warning for a move
// that carried only the state.
func LogMoves(log *slog.Logger, moves []Move, opmlPath string, verbose bool) {
	for _, m := range moves {
		if m.StateOnly {
			log.Warn("the store already holds items of the new URL: only the state was carried over, and the old items stay under the old URL until they age out",
				"from", m.From, "to", m.To)
		}
		attrs := []any{"from", m.From, "to", m.To, "opml", opmlPath, "backup", opmlPath + ".bak"}
		if verbose {
			log.Warn("updated the URL of a moved source", attrs...)
		} else {
			log.Info("updated the URL of a moved source", attrs...)
		}
	}
}
