package pgstore

import (
	"context"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/canon"
	"github.com/feedloom/feedloom/store/pgstore/pgtest"
)

// The helpers mirror package store's (helpers_test.go, identity_test.go),
// so that the tests ported from there read the same.

// openTest opens a fresh database of its own; at cleanup it checks the
// store's invariants (verify_test.go), so every test also proves it left a
// consistent store.
func openTest(t testing.TB, opts Options) *DB {
	t.Helper()
	return openDSN(t, pgtest.NewDatabase(t), opts)
}

// openDSN opens the database dsn names, and checks and closes it at
// cleanup.
func openDSN(t testing.TB, dsn string, opts Options) *DB {
	t.Helper()
	db, err := Open(context.Background(), dsn, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		checkDB(t, db)
		db.Close()
	})
	return db
}

const srcA, srcB = "https://a.example/feed", "https://b.example/feed"

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

// raw builds an item as the normaliser hands it over before identities
// are settled: GUID, link (with its canonical form) and title, published
// at t0+minutes; Commit identifies it.
func raw(src, guid, link, title string, minutes int) aggregator.Item {
	it := aggregator.Item{
		SourceURL: src, GUID: guid, Link: link, Title: title,
		Published: t0.Add(time.Duration(minutes) * time.Minute),
	}
	if c, err := canon.URL(link); err == nil {
		it.CanonicalURL = c
	}
	it.Hash = hashOf(it.Title, it.Link, it.Summary, it.Published.String())
	return it
}

func hashOf(parts ...string) uint64 {
	var h uint64 = 14695981039346656037
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h = (h ^ uint64(p[i])) * 1099511628211
		}
		h = (h ^ 0xff) * 1099511628211 // a separator no UTF-8 text holds
	}
	return h
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

func state(t testing.TB, db *DB, src string) aggregator.SourceState {
	t.Helper()
	states, err := db.SourceStates(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return states[src]
}

// poll commits one document of source src, carrying over the stored state
// as the pipeline does.
func poll(t testing.TB, db *DB, src string, items ...aggregator.Item) aggregator.CommitStats {
	t.Helper()
	r := result(src, items...)
	r.State = state(t, db, src)
	r.State.URL = src
	return commit(t, db, r)
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

func countItems(t testing.TB, db *DB) int {
	t.Helper()
	var n int
	if err := db.pool.QueryRow(context.Background(), `SELECT count(*) FROM items`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
