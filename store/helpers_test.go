package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/store/storetest"
	bolt "go.etcd.io/bbolt"
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

func countItems(t testing.TB, db *DB) int {
	t.Helper()
	n := 0
	db.bolt.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketItems).Stats().KeyN
		return nil
	})
	return n
}

// The item builders are the conformance suite's (storetest), so that
// this package's own tests use the items every store is tested with.
var (
	t0                  = storetest.T0
	item, raw, nearItem = storetest.Item, storetest.Raw, storetest.NearItem
	daysAgo, result     = storetest.DaysAgo, storetest.Result
)

const wireLede, wireLedeUpdated, ownReport = storetest.WireLede, storetest.WireLedeUpdated, storetest.OwnReport
