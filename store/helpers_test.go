package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/canon"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
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

// daysAgo is a signed item of src, published days before t0.
func daysAgo(src, id string, days int) aggregator.Item {
	it := raw(src, id, "https://"+id+".example/story", "Story "+id+" about the harbour works", -days*24*60)
	it.Summary = fmt.Sprintf("Story %s: the harbour works continue with a new phase of dredging, the council said on the day of the report number %d.", id, days)
	it.Sig = fingerprint.Of(it.Title, it.Summary)
	return it
}
