package pgstore

import (
	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/jackc/pgx/v5"
)

// The loaders queue one query each for the records of many keys, to be
// sent together (writer.send), and cache what they find, and the absence
// of what they do not. Keys already cached are not asked for again.

// absent marks the ids whose key m has no entry for as absent (the zero
// value, until the query finds them) and returns them, without repeats,
// to be asked for in one query.
func absent[T any, K comparable, V any](m map[K]V, ids []T, key func(T) K) []T {
	var out []T
	for _, id := range ids {
		if _, ok := m[key(id)]; !ok {
			var zero V
			m[key(id)] = zero
			out = append(out, id)
		}
	}
	return out
}

func same[T any](v T) T { return v }

func (w *writer) loadStates(urls []string) {
	if urls = absent(w.states, urls, same); len(urls) == 0 {
		return
	}
	w.queue(`SELECT url, state FROM sources WHERE url = ANY($1)`, []any{urls}, func(rows pgx.Rows) error {
		var url string
		var v []byte
		if err := rows.Scan(&url, &v); err != nil {
			return err
		}
		st, err := decode[aggregator.SourceState](v, "source "+url)
		w.states[url] = st
		return err
	})
}

func (w *writer) loadItems(seqs []int64) {
	ask := absent(w.items, seqs, func(s int64) uint64 { return uint64(s) })
	if len(ask) == 0 {
		return
	}
	w.queue(`SELECT seq, rec FROM items WHERE seq = ANY($1)`, []any{ask}, w.cacheItemRow)
}

// cacheItemRow caches an item read as (seq, rec).
func (w *writer) cacheItemRow(rows pgx.Rows) error {
	var seq int64
	var v []byte
	if err := rows.Scan(&seq, &v); err != nil {
		return err
	}
	rec, err := decode[fold.ItemRecord](v, "item")
	w.items[uint64(seq)] = rec
	return err
}

func (w *writer) loadStories(ids []int64) {
	ask := absent(w.stories, ids, func(id int64) fold.StoryID { return fold.StoryID(id) })
	if len(ask) == 0 {
		return
	}
	w.queue(`SELECT id, rec FROM stories WHERE id = ANY($1)`, []any{ask}, func(rows pgx.Rows) error {
		var id int64
		var v []byte
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		s, err := decode[fold.Story](v, "story")
		w.stories[fold.StoryID(id)] = s
		return err
	})
}

func (w *writer) loadIdents(src aggregator.SourceID, hashes []int64) {
	ask := absent(w.idents, hashes, func(h int64) identRef { return identRef{src, h} })
	if len(ask) == 0 {
		return
	}
	w.queue(`SELECT ident, seq, link FROM ident WHERE source = $1 AND ident = ANY($2)`, []any{int64(src), ask}, func(rows pgx.Rows) error {
		var h, seq, link int64
		if err := rows.Scan(&h, &seq, &link); err != nil {
			return err
		}
		w.idents[identRef{src, h}] = fold.Ident{Seq: uint64(seq), Link: uint64(link)}
		return nil
	})
}

func (w *writer) loadURLs(canonical []string) {
	if canonical = absent(w.urls, canonical, same); len(canonical) == 0 {
		return
	}
	byKey := map[string]string{}
	keys := make([][]byte, len(canonical))
	for i, c := range canonical {
		keys[i] = urlKey(c)
		byKey[string(keys[i])] = c
	}
	w.queue(`SELECT canonical, story FROM urls WHERE canonical = ANY($1)`, []any{keys}, func(rows pgx.Rows) error {
		var k []byte
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return err
		}
		w.urls[byKey[string(k)]] = fold.StoryID(id)
		return nil
	})
}

func (w *writer) loadSigs(seqs []int64) {
	ask := absent(w.sigs, seqs, func(s int64) uint64 { return uint64(s) })
	if len(ask) == 0 {
		return
	}
	w.queue(`SELECT seq, source, sig FROM sigs WHERE seq = ANY($1)`, []any{ask}, func(rows pgx.Rows) error {
		var seq, src int64
		var b []byte
		if err := rows.Scan(&seq, &src, &b); err != nil {
			return err
		}
		return w.cacheSig(uint64(seq), src, b)
	})
}

// cacheSig decodes and caches a stored signature.
func (w *writer) cacheSig(seq uint64, src int64, b []byte) error {
	var sig fingerprint.Signature
	if err := sig.UnmarshalBinary(b); err != nil {
		return inconsistent("malformed near-duplicate signature: " + err.Error())
	}
	w.sigs[seq] = sigRec{src: aggregator.SourceID(src), sig: sig}
	return nil
}

func (w *writer) loadCurrent(srcs []int64) {
	ask := absent(w.current, srcs, func(s int64) aggregator.SourceID { return aggregator.SourceID(s) })
	if len(ask) == 0 {
		return
	}
	w.queue(`SELECT source, stories FROM current WHERE source = ANY($1)`, []any{ask}, func(rows pgx.Rows) error {
		var src int64
		var ids []int64
		if err := rows.Scan(&src, &ids); err != nil {
			return err
		}
		sids := make([]fold.StoryID, len(ids))
		for i, id := range ids {
			sids[i] = fold.StoryID(id)
		}
		w.current[aggregator.SourceID(src)] = sids
		return nil
	})
}
