package store

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

// boltPageSize is the page size of db's file, as bbolt reads it.
func boltPageSize(t *testing.T, db *DB) int {
	t.Helper()
	return db.bolt.Info().PageSize
}

// A new store is made with pageSize pages; a store made with bbolt's
// default of 4 KiB (every store before) opens, reads and takes new items
// with the pages it has, and Compact rewrites it with pageSize pages and
// the same data.
func TestNewStoresUseLargePagesAndCompactMovesOldOnes(t *testing.T) {
	if pageSize == 4096 {
		t.Fatal("pageSize is the old default; this test checks the move from it")
	}
	sel := aggregator.Selection{Sources: []string{srcA, srcB}}

	fresh, err := Open(filepath.Join(t.TempDir(), "new.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := boltPageSize(t, fresh); got != pageSize {
		t.Errorf("a new store has %d-byte pages, want %d", got, pageSize)
	}
	fresh.Close()

	path := filepath.Join(t.TempDir(), "old.db")
	func() {
		defer func(size int) { pageSize = size }(pageSize)
		pageSize = 4096
		old, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer old.Close()
		fill(t, old, srcA, 300, 60)
	}()

	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := boltPageSize(t, db); got != 4096 {
		t.Fatalf("reopened, the old store has %d-byte pages, want its own 4096", got)
	}
	if st := poll(t, db, srcB, daysAgo(srcB, "new", 0)); st.New != 1 {
		t.Errorf("the old store took %+v, want 1 new item", st)
	}
	checkDB(t, db)
	before := selectAll(t, db, sel)
	if len(before) != 301 {
		t.Fatalf("the old store gives %d entries, want 301", len(before))
	}
	if _, err := db.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}

	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := boltPageSize(t, db); got != pageSize {
		t.Errorf("compacted, the store has %d-byte pages, want %d", got, pageSize)
	}
	checkDB(t, db)
	if after := selectAll(t, db, sel); !reflect.DeepEqual(before, after) {
		t.Errorf("moving to %d-byte pages changed the data: %d entries before, %d after", pageSize, len(before), len(after))
	}
}
