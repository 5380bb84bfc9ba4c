package pgstore

import (
	"context"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/jackc/pgx/v5"
)

// MoveSource carries a source that moved for good from URL from to URL to:
// its state (st, stored under to; the old one removed), its items (their
// source URL), their identity keys, its per-source index and its current
// document, all re-keyed to the new URL's source id, in one transaction.
// Stories keep their ids and their output ids (hashed from the first
// item's source when it was stored), so readers see the same entries, and
// later polls of the new URL find every item under its identity instead of
// storing it again.
func (db *DB) MoveSource(ctx context.Context, from, to string, st aggregator.SourceState) error {
	oldID, newID := aggregator.SourceIDOf(from), aggregator.SourceIDOf(to)
	if oldID == newID {
		return nil
	}
	err := db.update(ctx, func(w *writer) error {
		var taken bool
		var sids []int64
		w.queue(`SELECT EXISTS (SELECT 1 FROM bysource WHERE source = $1) OR EXISTS (SELECT 1 FROM ident WHERE source = $1)`,
			[]any{int64(newID)}, func(rows pgx.Rows) error { return rows.Scan(&taken) })
		w.queue(`SELECT story FROM bysource WHERE source = $1 ORDER BY time, story`, []any{int64(oldID)}, func(rows pgx.Rows) error {
			var id int64
			err := rows.Scan(&id)
			sids = append(sids, id)
			return err
		})
		if err := w.send(); err != nil {
			return err
		}
		if taken {
			return fmt.Errorf("move %s to %s: %w", from, to, aggregator.ErrMoveTarget)
		}
		// The new URL may have a current document already (an empty one:
		// it has no items); the moved source's replaces it, as in bbolt.
		if err := w.write(`DELETE FROM current WHERE source = $1`, int64(newID)); err != nil {
			return err
		}
		for _, table := range []string{"bysource", "ident", "current"} {
			if err := w.write(`UPDATE `+table+` SET source = $2 WHERE source = $1`, int64(oldID), int64(newID)); err != nil {
				return err
			}
		}
		w.loadStories(sids)
		if err := w.send(); err != nil {
			return err
		}
		var seqs []int64
		for _, sid := range sids {
			s := w.stories[fold.StoryID(sid)]
			if s == nil {
				return inconsistent("source index points at missing story")
			}
			for _, m := range s.Members {
				if m.Source == oldID {
					seqs = append(seqs, int64(m.Seq))
				}
			}
		}
		w.loadItems(seqs)
		if err := w.send(); err != nil {
			return err
		}
		for _, sid := range sids {
			if err := ctx.Err(); err != nil {
				return err
			}
			story, _ := w.Story(fold.StoryID(sid)) // loaded above
			for i, m := range story.Members {
				if m.Source != oldID {
					continue
				}
				story.Members[i].Source = newID
				if err := w.moveItem(m.Seq, newID, to); err != nil {
					return err
				}
			}
			if err := w.PutStory(fold.StoryID(sid), story); err != nil {
				return err
			}
		}
		st.URL = to
		if err := w.PutState(&st); err != nil {
			return err
		}
		if err := w.deleteState(from); err != nil {
			return err
		}
		return w.bumpGeneration(newID)
	})
	if err != nil {
		return fmt.Errorf("move source in %s: %w", db.path, err)
	}
	return nil
}

// moveItem gives item seq its new source URL and re-keys its signature.
func (w *writer) moveItem(seq uint64, newID aggregator.SourceID, to string) error {
	rec, err := w.Item(seq)
	if err != nil {
		return err
	}
	if rec == nil {
		return inconsistent("story points at missing item")
	}
	rec.Item.SourceURL = to
	if err := w.PutItem(seq, rec); err != nil {
		return err
	}
	if s, ok := w.sigs[seq]; ok {
		s.src = newID
		w.sigs[seq] = s
	}
	return w.write(`UPDATE sigs SET source = $2 WHERE seq = $1`, int64(seq), int64(newID))
}
