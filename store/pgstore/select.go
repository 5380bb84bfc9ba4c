package pgstore

import (
	"context"
	"fmt"
	"math"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/jackc/pgx/v5"
)

// Select returns the newest entries of one output, newest first: what
// SelectEach gives, as a slice.
func (db *DB) Select(ctx context.Context, sel aggregator.Selection) ([]aggregator.Entry, error) {
	return aggregator.Collect(ctx, db.SelectEach, sel)
}

// SelectEach calls fn with the newest entries of one output, newest first
// (ties by story id, so the order is total and stable), all from one
// snapshot; it stops at fn's first error and returns it as it is. It
// reads the index in pages: a topic's membership, or the per-source index
// of the selected sources, each source's newest first, merged; it holds
// one page of entries at a time. Its cost grows with the entries given
// and the sources selected, not with the size of the store.
func (db *DB) SelectEach(ctx context.Context, sel aggregator.Selection, fn func(*aggregator.Entry) error) error {
	return db.selectWith(ctx, func(r *reader, call func(func() error) error) error {
		srcs := make([]int64, 0, len(sel.Sources))
		for _, u := range sel.Sources {
			id := aggregator.SourceIDOf(u)
			r.allowed[id] = true
			srcs = append(srcs, int64(id))
		}
		since := int64(math.MinInt64)
		if !sel.Since.IsZero() {
			since = timeCol(fold.TimeKey(sel.Since))
		}
		page := 1000
		if sel.Limit > 0 {
			page = min(sel.Limit+16, page)
		}
		given := 0
		return r.walk(sel.Topic, srcs, func() int64 { return since }, page, func(keys []indexKey) (bool, error) {
			es, err := r.entries(keys)
			if err != nil {
				return false, err
			}
			for i := range es {
				if sel.Limit > 0 && given == sel.Limit {
					break
				}
				given++
				if err := call(func() error { return fn(&es[i]) }); err != nil {
					return false, err
				}
			}
			return sel.Limit == 0 || given < sel.Limit, nil
		})
	})
}

// selectWith runs read in a read-only snapshot with a reader; read calls
// the caller's callback through call, whose error is returned as it is,
// while an error of the store is wrapped with its name.
func (db *DB) selectWith(ctx context.Context, read func(r *reader, call func(func() error) error) error) error {
	var fnErr error
	call := func(fn func() error) error {
		fnErr = fn()
		return fnErr
	}
	err := db.view(ctx, func(tx pgx.Tx) error {
		return read(&reader{ctx: ctx, tx: tx, refs: map[aggregator.SourceID]*aggregator.SourceRef{}, allowed: map[aggregator.SourceID]bool{}}, call)
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return fmt.Errorf("select from %s: %w", db.path, err)
	}
	return nil
}

// walk reads the index in pages of n, newest first, no older than what
// since says at each page: a topic's membership, or the per-source index
// of srcs merged. It calls visit with each page's keys of stories not
// seen before, until visit says it wants no more or the index ends.
func (r *reader) walk(topic aggregator.TopicKey, srcs []int64, since func() int64, n int, visit func([]indexKey) (bool, error)) error {
	seen := map[int64]bool{}
	at := indexKey{t: math.MaxInt64, id: math.MaxInt64}
	for {
		keys, err := r.page(topic, srcs, since(), at, n)
		if err != nil {
			return err
		}
		var fresh []indexKey
		for _, k := range keys {
			if !seen[k.id] {
				seen[k.id] = true
				fresh = append(fresh, k)
			}
		}
		more, err := visit(fresh)
		if err != nil || !more || len(keys) < n {
			return err
		}
		at = keys[len(keys)-1]
	}
}

// indexKey is one entry of a time-ordered index: time column, story, and
// the source it was filed under (0 for a topic's index).
type indexKey struct {
	t, id int64
	src   aggregator.SourceID
}

type reader struct {
	ctx     context.Context
	tx      pgx.Tx
	refs    map[aggregator.SourceID]*aggregator.SourceRef
	allowed map[aggregator.SourceID]bool
}

// page returns up to n index entries before at, newest first, no older
// than since: of a topic, or of the given sources.
func (r *reader) page(topic aggregator.TopicKey, srcs []int64, since int64, at indexKey, n int) ([]indexKey, error) {
	var keys []indexKey
	scan := func(rows pgx.Rows) error {
		var k indexKey
		var src int64
		err := rows.Scan(&k.t, &k.id, &src)
		k.src = aggregator.SourceID(src)
		keys = append(keys, k)
		return err
	}
	if topic != 0 {
		return keys, each(r.ctx, r.tx, `SELECT time, story, 0 FROM topics
			WHERE topic = $1 AND time >= $2 AND (time, story) < ($3, $4)
			ORDER BY time DESC, story DESC LIMIT $5`,
			[]any{int64(topic), since, at.t, at.id, n}, scan)
	}
	if len(srcs) == 0 {
		return nil, nil
	}
	return keys, each(r.ctx, r.tx, `SELECT b.time, b.story, b.source
		FROM unnest($1::bigint[]) AS s(id)
		CROSS JOIN LATERAL (
			SELECT time, story, source FROM bysource
			WHERE source = s.id AND time >= $2 AND (time, story) < ($3, $4)
			ORDER BY time DESC, story DESC LIMIT $5
		) AS b
		ORDER BY b.time DESC, b.story DESC, b.source LIMIT $5`,
		[]any{srcs, since, at.t, at.id, n}, scan)
}

// entries builds the output entries of the stories keys name, in order,
// reading their stories, their items and their sources' states in a few
// queries.
func (r *reader) entries(keys []indexKey) ([]aggregator.Entry, error) {
	stories, items, err := r.load(keys)
	if err != nil {
		return nil, err
	}
	var out []aggregator.Entry
	for _, k := range keys {
		s, err := checkKey(k, stories[fold.StoryID(k.id)])
		if err != nil {
			return nil, err
		}
		if primary := fold.PrimaryOf(s, r.allowed); primary >= 0 {
			e, err := r.entryOf(fold.StoryID(k.id), s, primary, items)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// load reads the stories keys name, every item of theirs, and the states
// of those items' sources not read yet.
func (r *reader) load(keys []indexKey) (map[fold.StoryID]*fold.Story, map[uint64]*fold.ItemRecord, error) {
	if len(keys) == 0 {
		return nil, nil, nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k.id
	}
	stories, err := r.stories(ids)
	if err != nil {
		return nil, nil, err
	}
	var seqs []int64
	for _, s := range stories {
		for _, m := range s.Members {
			seqs = append(seqs, int64(m.Seq))
		}
	}
	items, err := r.items(seqs)
	if err != nil {
		return nil, nil, err
	}
	return stories, items, r.loadRefs(items)
}

// checkKey returns story s, which index key k led to, unless it is
// missing or k does not match it: damage, never a reason to publish
// another story.
func checkKey(k indexKey, s *fold.Story) (*fold.Story, error) {
	if s == nil {
		return nil, inconsistent("index points at missing story")
	}
	if timeCol(s.Time) != k.t || (k.src != 0 && !s.HasSource(k.src)) {
		return nil, inconsistent("an index key does not match its story")
	}
	return s, nil
}

// entryOf builds the output entry of story s (sid) whose primary item is
// that of member primary (fold.PrimaryOf); every other source that carried
// the story is credited in Via.
func (r *reader) entryOf(sid fold.StoryID, s *fold.Story, primary int, items map[uint64]*fold.ItemRecord) (aggregator.Entry, error) {
	var e aggregator.Entry
	order := []int{primary}
	for i := range s.Members {
		if i != primary {
			order = append(order, i)
		}
	}
	seenSrc := map[aggregator.SourceID]bool{}
	for i, idx := range order {
		m := s.Members[idx]
		if seenSrc[m.Source] && i > 0 {
			continue
		}
		seenSrc[m.Source] = true
		rec := items[m.Seq]
		if rec == nil {
			return e, inconsistent("story points at missing item")
		}
		if rec.Story != sid || aggregator.SourceIDOf(rec.Item.SourceURL) != m.Source {
			return e, inconsistent("a story lists an item of another story")
		}
		ref := *r.refs[m.Source]
		if i == 0 {
			e.Item, e.Source = rec.Item, ref
			continue
		}
		e.Via = append(e.Via, aggregator.Via{Source: ref, Link: rec.Item.Link})
	}
	e.ID = fold.OutputID(s.OutputKey(sid))
	e.Published = fold.TimeOf(s.Time)
	e.Updated = s.Updated.UTC()
	return e, nil
}

func (r *reader) stories(ids []int64) (map[fold.StoryID]*fold.Story, error) {
	out := map[fold.StoryID]*fold.Story{}
	return out, each(r.ctx, r.tx, `SELECT id, rec FROM stories WHERE id = ANY($1)`, []any{ids}, func(rows pgx.Rows) error {
		var id int64
		var v []byte
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		s, err := decode[fold.Story](v, "story")
		out[fold.StoryID(id)] = s
		return err
	})
}

func (r *reader) items(seqs []int64) (map[uint64]*fold.ItemRecord, error) {
	out := map[uint64]*fold.ItemRecord{}
	return out, each(r.ctx, r.tx, `SELECT seq, rec FROM items WHERE seq = ANY($1)`, []any{seqs}, func(rows pgx.Rows) error {
		var seq int64
		var v []byte
		if err := rows.Scan(&seq, &v); err != nil {
			return err
		}
		rec, err := decode[fold.ItemRecord](v, "item")
		out[uint64(seq)] = rec
		return err
	})
}

// loadRefs reads the states of the items' sources not read yet, for the
// entries' source references.
func (r *reader) loadRefs(items map[uint64]*fold.ItemRecord) error {
	var urls []string
	for _, rec := range items {
		id := aggregator.SourceIDOf(rec.Item.SourceURL)
		if _, ok := r.refs[id]; !ok {
			r.refs[id] = &aggregator.SourceRef{URL: rec.Item.SourceURL}
			urls = append(urls, rec.Item.SourceURL)
		}
	}
	if len(urls) == 0 {
		return nil
	}
	return each(r.ctx, r.tx, `SELECT url, state FROM sources WHERE url = ANY($1)`, []any{urls}, func(rows pgx.Rows) error {
		var url string
		var v []byte
		if err := rows.Scan(&url, &v); err != nil {
			return err
		}
		st, err := decode[aggregator.SourceState](v, "source "+url)
		if err != nil {
			return err
		}
		ref := r.refs[aggregator.SourceIDOf(url)]
		ref.Title, ref.SiteURL, ref.FeedID = st.Title, st.SiteURL, st.FeedID
		return nil
	})
}
