package pgstore

import (
	"context"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/store/pgstore/pgtest"
	"github.com/feedloom/feedloom/store/storetest"
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

// The item builders are the conformance suite's (storetest), so that
// this package's own tests use the items every store is tested with.
var (
	item, raw, nearItem = storetest.Item, storetest.Raw, storetest.NearItem
	daysAgo, result     = storetest.DaysAgo, storetest.Result
)

const wireLede, wireLedeUpdated, ownReport = storetest.WireLede, storetest.WireLedeUpdated, storetest.OwnReport
