package pgstore

import (
	"slices"

	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/jackc/pgx/v5"
)

// NearCandidates answers from the candidates read since the near index
// last changed. A miss reads, in one query, the candidates of every key
// planned for the same window (the other lookup keys of the item being
// folded, which fold asks for next), with the signature of each.
func (w *writer) NearCandidates(k, lo, hi uint64, limit int, fn func(fold.StoryID, uint64) (bool, error)) error {
	q := nearQuery{k: k, lo: lo, hi: hi, limit: limit}
	cands, ok := w.near[q]
	if !ok {
		keys := w.plan[[2]uint64{lo, hi}]
		if !slices.Contains(keys, k) {
			keys = []uint64{k}
		}
		if err := w.fetchNear(keys, lo, hi, limit); err != nil {
			return err
		}
		cands = w.near[q]
	}
	w.candidates = cands
	defer func() { w.candidates = nil }()
	for _, c := range cands {
		if more, err := fn(c.id, c.seq); !more || err != nil {
			return err
		}
	}
	return nil
}

// loadCandidates reads the stories of the candidates fold is examining,
// with the signatures of their items: fold reads them all to decide
// whether an item joins a story (fold.NearDup.Joins), and the next
// candidate's story is likely needed too.
func (w *writer) loadCandidates() {
	var ids []int64
	for _, c := range w.candidates {
		if _, ok := w.stories[c.id]; !ok && !slices.Contains(ids, int64(c.id)) {
			ids = append(ids, int64(c.id))
		}
	}
	w.loadStories(ids)
	w.queue(`SELECT g.seq, g.source, g.sig FROM stories AS s
		CROSS JOIN LATERAL json_array_elements(s.rec->'members') AS m
		JOIN sigs AS g ON g.seq = (m->>'seq')::bigint
		WHERE s.id = ANY($1)`, []any{ids}, func(rows pgx.Rows) error {
		var seq, src int64
		var b []byte
		if err := rows.Scan(&seq, &src, &b); err != nil {
			return err
		}
		if _, ok := w.sigs[uint64(seq)]; ok {
			return nil
		}
		return w.cacheSig(uint64(seq), src, b)
	})
}

// fetchNear reads the first limit candidates of each key within [lo, hi]
// in index order (time, then story id, as bbolt's keys sort) and caches
// them with their signatures.
func (w *writer) fetchNear(keys []uint64, lo, hi uint64, limit int) error {
	for _, k := range keys {
		w.near[nearQuery{k: k, lo: lo, hi: hi, limit: limit}] = []nearCand{}
	}
	return w.read(`SELECT k.key, n.story, n.seq, s.source, s.sig
		FROM unnest($1::bigint[]) AS k(key)
		CROSS JOIN LATERAL (
			SELECT near.time, near.story, near.seq FROM near
			WHERE near.key = k.key AND near.time BETWEEN $2 AND $3
			ORDER BY near.time, near.story
			LIMIT $4
		) AS n
		LEFT JOIN sigs AS s ON s.seq = n.seq
		ORDER BY k.key, n.time, n.story`,
		[]any{int64s(keys), timeCol(lo), timeCol(hi), limit},
		func(rows pgx.Rows) error {
			var key, story, seq int64
			var src *int64
			var sig []byte
			if err := rows.Scan(&key, &story, &seq, &src, &sig); err != nil {
				return err
			}
			q := nearQuery{k: uint64(key), lo: lo, hi: hi, limit: limit}
			w.near[q] = append(w.near[q], nearCand{id: fold.StoryID(story), seq: uint64(seq)})
			if _, ok := w.sigs[uint64(seq)]; ok {
				return nil
			}
			if src == nil {
				w.sigs[uint64(seq)] = sigRec{}
				return nil
			}
			return w.cacheSig(uint64(seq), *src, sig)
		})
}
