package dump

import (
	"context"
	"slices"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
)

// Each calls fn with every record of the store that tx reads: the header,
// the sources, the stories in ascending id order, the current documents,
// and the end.
func Each(ctx context.Context, tx ReadTx, fn func(*Record) error) error {
	gen, err := tx.Generation()
	if err != nil {
		return err
	}
	built, err := tx.BuiltTopics()
	if err != nil {
		return err
	}
	slices.Sort(built)
	if err := fn(&Record{Header: &Header{Format: Format, Version: Version, Generation: gen, BuiltTopics: built}}); err != nil {
		return err
	}
	var end End
	err = tx.States(func(st *aggregator.SourceState) error {
		end.Sources++
		return fn(&Record{Source: st})
	})
	if err != nil {
		return err
	}
	n := 0
	err = tx.Stories(func(id fold.StoryID) error {
		if n++; n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		s, err := readStory(tx, id)
		if err != nil {
			return err
		}
		end.Stories++
		return fn(&Record{Story: s})
	})
	if err != nil {
		return err
	}
	err = tx.Currents(func(src aggregator.SourceID, ids []fold.StoryID) error {
		end.Currents++
		return fn(&Record{Current: &Current{Source: src, Stories: ids}})
	})
	if err != nil {
		return err
	}
	return fn(&Record{End: &end})
}

// readStory reads story id, its items and the index entries that name
// them.
func readStory(tx ReadTx, id fold.StoryID) (*Story, error) {
	st, err := tx.Story(id)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, inconsistent("story %d is listed but missing", id)
	}
	out := &Story{ID: id, Story: *st}
	out.Story.Key = st.OutputKey(id)
	for _, m := range st.Members {
		rec, err := tx.Item(m.Seq)
		if err != nil {
			return nil, err
		}
		if rec == nil {
			return nil, inconsistent("story %d lists missing item %d", id, m.Seq)
		}
		it := Item{Seq: m.Seq, Record: *rec}
		src, sig, err := tx.Signature(m.Seq)
		if err != nil {
			return nil, err
		}
		if sig.Version != 0 {
			// The signature on file is the record's own (fold files
			// it.Sig), so the dump carries only that there is one.
			it.Sig, it.SigSource = true, src
		}
		if it.Idents, err = fold.FiledKeys(tx, m.Source, m.Seq, &rec.Item); err != nil {
			return nil, err
		}
		for _, k := range rec.Near {
			err := tx.NearCandidates(k, st.Time, st.Time, 1<<20, func(sid fold.StoryID, seq uint64) (bool, error) {
				if sid == id && seq == m.Seq {
					it.Near = append(it.Near, k)
					return false, nil
				}
				return true, nil
			})
			if err != nil {
				return nil, err
			}
		}
		if c := rec.Item.CanonicalURL; c != "" && !slices.Contains(out.URLs, c) {
			owner, ok, err := tx.StoryByURL(c)
			if err != nil {
				return nil, err
			}
			if ok && owner == id {
				out.URLs = append(out.URLs, c)
			}
		}
		out.Items = append(out.Items, it)
	}
	return out, nil
}
