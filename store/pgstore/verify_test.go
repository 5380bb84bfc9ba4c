package pgstore

import (
	"context"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
)

// checkDB checks the invariants package store's Verify checks: every item
// belongs to exactly one story and that story lists it; every index entry
// names a live story or item; every item is found again under its
// identity; and no two stories share a canonical URL.
func checkDB(t testing.TB, db *DB) {
	t.Helper()
	ctx := context.Background()
	var problems []string
	report := func(q string) {
		rows, err := db.pool.Query(ctx, q)
		if err != nil {
			t.Errorf("verify: %s: %v", q, err)
			return
		}
		defer rows.Close()
		for rows.Next() {
			vals, _ := rows.Values()
			problems = append(problems, q)
			t.Errorf("verify: %v: %s", vals, q)
			break
		}
	}
	// Index entries that name nothing.
	report(`SELECT story FROM bysource WHERE story NOT IN (SELECT id FROM stories)`)
	report(`SELECT story FROM topics WHERE story NOT IN (SELECT id FROM stories)`)
	report(`SELECT story FROM near WHERE story NOT IN (SELECT id FROM stories)`)
	report(`SELECT seq FROM near WHERE seq NOT IN (SELECT seq FROM items)`)
	report(`SELECT story FROM urls WHERE story NOT IN (SELECT id FROM stories)`)
	report(`SELECT s FROM current, unnest(stories) AS s WHERE s NOT IN (SELECT id FROM stories)`)
	report(`SELECT seq FROM ident WHERE seq NOT IN (SELECT seq FROM items)`)
	report(`SELECT seq FROM sigs WHERE seq NOT IN (SELECT seq FROM items)`)
	report(`SELECT seq FROM items WHERE story NOT IN (SELECT id FROM stories)`)
	report(`SELECT t.topic FROM topics t JOIN stories s ON s.id = t.story WHERE s.time <> t.time`)
	report(`SELECT b.source FROM bysource b JOIN stories s ON s.id = b.story WHERE s.time <> b.time`)
	if len(problems) > 0 {
		return
	}

	stories := map[fold.StoryID]*fold.Story{}
	owner := map[uint64]fold.StoryID{}
	err := db.EachStory(ctx, func([]aggregator.Item) error { return nil })
	if err != nil {
		t.Errorf("verify: %v", err)
		return
	}
	rows, err := db.pool.Query(ctx, `SELECT id, rec FROM stories`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var v []byte
		rows.Scan(&id, &v)
		s, err := decode[fold.Story](v, "story")
		if err != nil {
			t.Error(err)
			continue
		}
		stories[fold.StoryID(id)] = s
		for _, m := range s.Members {
			if prev, ok := owner[m.Seq]; ok {
				t.Errorf("verify: item %d is in stories %d and %d", m.Seq, prev, id)
			}
			owner[m.Seq] = fold.StoryID(id)
			var n int
			db.pool.QueryRow(ctx, `SELECT count(*) FROM bysource WHERE source = $1 AND time = $2 AND story = $3`,
				int64(m.Source), timeCol(s.Time), id).Scan(&n)
			if n != 1 {
				t.Errorf("verify: story %d is missing from the index of source %x", id, m.Source)
			}
		}
	}
	rows.Close()
	rows, err = db.pool.Query(ctx, `SELECT seq, rec FROM items`)
	if err != nil {
		t.Fatal(err)
	}
	type itemRow struct {
		seq uint64
		rec *fold.ItemRecord
	}
	var items []itemRow
	for rows.Next() {
		var seq int64
		var v []byte
		rows.Scan(&seq, &v)
		rec, err := decode[fold.ItemRecord](v, "item")
		if err != nil {
			t.Error(err)
			continue
		}
		items = append(items, itemRow{uint64(seq), rec})
	}
	rows.Close()
	byURL := map[string]fold.StoryID{}
	for _, r := range items {
		if o, ok := owner[r.seq]; !ok || o != r.rec.Story {
			t.Errorf("verify: item %d (%s) names story %d, which does not list it", r.seq, r.rec.Item.Identity, r.rec.Story)
		}
		var seq int64
		src := aggregator.SourceIDOf(r.rec.Item.SourceURL)
		err := db.pool.QueryRow(ctx, `SELECT seq FROM ident WHERE source = $1 AND ident = $2`,
			int64(src), identHash(r.rec.Item.Identity)).Scan(&seq)
		if err != nil || uint64(seq) != r.seq {
			t.Errorf("verify: item %d (%s) is not found under its identity (%d, %v)", r.seq, r.rec.Item.Identity, seq, err)
		}
		if c := r.rec.Item.CanonicalURL; c != "" {
			if prev, ok := byURL[c]; ok && prev != r.rec.Story {
				t.Errorf("verify: stories %d and %d share the canonical URL %s", prev, r.rec.Story, c)
			}
			byURL[c] = r.rec.Story
		}
	}
}
