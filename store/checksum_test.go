package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	bolt "go.etcd.io/bbolt"
)

// fillSmall commits a few items of two sources into a fresh file and
// returns its path, closed.
func fillSmall(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "feedloom.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	commit(t, db, result(srcA, item(srcA, "alpha-one", 1), item(srcA, "alpha-two", 2)),
		result(srcB, item(srcB, "bravo-one", 3)))
	checkDB(t, db)
	db.Close()
	return path
}

func openAndSelect(path string) ([]string, error) {
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	es, err := db.Select(context.Background(), aggregator.Selection{Sources: []string{srcA, srcB}})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range es {
		out = append(out, fmt.Sprintf("%s|%s|%s|%s", e.Item.Title, e.Item.Link, e.Item.GUID, e.Item.Published))
	}
	return out, nil
}

// TestMigrationSealsRecords: a schema 5 file (bare JSON records) opens as
// schema 6 with every record checksummed and nothing else changed.
func TestMigrationSealsRecords(t *testing.T) {
	path := fillSmall(t)
	want, err := openAndSelect(path)
	if err != nil || len(want) != 3 {
		t.Fatalf("select: %v %q", err, want)
	}
	// Rewrite the file as schema 5 wrote it.
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketItems, bucketStories, bucketSources} {
			b := tx.Bucket(name)
			var keys, vals [][]byte
			b.ForEach(func(k, v []byte) error {
				keys, vals = append(keys, slices.Clone(k)), append(vals, slices.Clone(v[recordHeader:]))
				return nil
			})
			for i := range keys {
				if err := b.Put(keys[i], vals[i]); err != nil {
					return err
				}
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, u64(5))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := openAndSelect(path); err == nil {
		t.Fatal("a read-only open of a schema 5 file should ask for a migration")
	}
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkDB(t, db)
	err = db.bolt.View(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketItems, bucketStories, bucketSources} {
			err := tx.Bucket(name).ForEach(func(k, v []byte) error {
				if _, err := unseal(k, v, false); err != nil {
					return fmt.Errorf("%s %x: %w", name, k, err)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := openAndSelect(path); err != nil || !slices.Equal(got, want) {
		t.Fatalf("after migration: %v\n got %q\nwant %q", err, got, want)
	}
}

// TestBitFlipsInItemRecordsAreNeverPublished flips every bit of every item
// record, one at a time, in copies of a real file: reading the output
// either fails with ErrDamaged or (for bits bbolt itself rejects) with
// another error, and never returns altered content.
func TestBitFlipsInItemRecordsAreNeverPublished(t *testing.T) {
	path := fillSmall(t)
	want, err := openAndSelect(path)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Find the item records in the file by their bytes.
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var records [][]byte
	db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketItems).ForEach(func(k, v []byte) error {
			records = append(records, slices.Clone(v))
			return nil
		})
	})
	db.Close()
	var offsets []int
	for _, r := range records {
		at := bytes.Index(data, r)
		if at < 0 {
			t.Fatalf("item record not found in the file")
		}
		for i := range r {
			offsets = append(offsets, at+i)
		}
	}
	flipped, damaged := 0, 0
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	for _, off := range offsets {
		for bit := range 8 {
			if testing.Short() && bit%3 != 0 {
				continue
			}
			b := slices.Clone(data)
			b[off] ^= 1 << bit
			if err := os.WriteFile(copyPath, b, 0o600); err != nil {
				t.Fatal(err)
			}
			flipped++
			got, err := openAndSelect(copyPath)
			switch {
			case errors.Is(err, ErrDamaged):
				damaged++
			case err != nil:
				t.Errorf("flip at %d bit %d: error %v does not say the store is damaged", off, bit, err)
			case !slices.Equal(got, want):
				t.Fatalf("flip at %d bit %d: altered content published:\n got %q\nwant %q", off, bit, got, want)
			}
		}
	}
	t.Logf("%d flips, %d reported as damage", flipped, damaged)
	if damaged == 0 {
		t.Fatal("no flip was detected")
	}
}
