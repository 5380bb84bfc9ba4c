package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// openTest opens a fresh database in a temporary folder; at cleanup it
// runs bbolt's consistency check, so every test also proves it left a
// sound file.
func openTest(t testing.TB, opts Options) *DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "feedloom.db")
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		checkDB(t, db)
		db.Close()
	})
	return db
}

// checkDB runs bbolt's consistency check and feedloom's invariants.
func checkDB(t testing.TB, db *DB) {
	t.Helper()
	if err := db.Verify(context.Background()); err != nil {
		t.Error(err)
	}
}

var t0 = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// item builds a test item of source src published at t0+minutes.
func item(src, id string, minutes int) aggregator.Item {
	return aggregator.Item{
		SourceURL: src, Identity: "guid:" + id, GUID: id,
		Link: "https://example.org/" + id, CanonicalURL: "example.org/" + id,
		Title: "Title " + id, Published: t0.Add(time.Duration(minutes) * time.Minute),
		Hash: uint64(len(id)),
	}
}

func result(src string, items ...aggregator.Item) *aggregator.SourceResult {
	r := &aggregator.SourceResult{State: aggregator.SourceState{URL: src}, Parsed: true}
	for _, it := range items {
		r.Items = append(r.Items, aggregator.Incoming{Item: it})
	}
	return r
}

func commit(t testing.TB, db *DB, rs ...*aggregator.SourceResult) aggregator.CommitStats {
	t.Helper()
	st, err := db.Commit(context.Background(), rs)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func selectAll(t testing.TB, db *DB, sel aggregator.Selection) []aggregator.Entry {
	t.Helper()
	es, err := db.Select(context.Background(), sel)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func titles(es []aggregator.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Item.Title)
	}
	return out
}
