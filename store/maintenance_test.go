package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	bolt "go.etcd.io/bbolt"
)

// fill stores n items of source src with bulky content.
func fill(t testing.TB, db *DB, src string, n, ageDays int) {
	t.Helper()
	var items []aggregator.Item
	for i := range n {
		it := daysAgo(src, fmt.Sprintf("f%d", i), ageDays)
		it.Content = strings.Repeat("<p>Paragraph of the archived story. </p>", 50)
		items = append(items, it)
	}
	poll(t, db, src, items...)
	poll(t, db, src)
}

func TestCompactReclaimsSpaceAndKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedloom.db")
	db, err := Open(path, Options{NearDup: aggregator.NearDup{}})
	if err != nil {
		t.Fatal(err)
	}
	fill(t, db, srcA, 800, 200)
	poll(t, db, srcB, daysAgo(srcB, "keep", 1))
	if _, err := db.Prune(context.Background(), aggregator.PruneOptions{Before: t0.Add(-100 * 24 * time.Hour), KeepMin: 10}); err != nil {
		t.Fatal(err)
	}
	before := selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}})
	stale := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-12345") // a killed compaction's copy
	if err := os.WriteFile(stale, []byte("half a copy"), 0o644); err != nil {
		t.Fatal(err)
	}

	st, err := db.Compact(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.After <= 0 || st.After >= st.Before/2 {
		t.Errorf("compacted %d → %d bytes, want it at least halved", st.Before, st.After)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("leftover temporary file still there: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
	db, err = Open(path, Options{NearDup: aggregator.NearDup{}})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkDB(t, db)
	after := selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}})
	if !reflect.DeepEqual(before, after) {
		t.Errorf("compaction changed the data: %d entries before, %d after", len(before), len(after))
	}
	// The item sequence survives, so new items never reuse a key.
	if st := poll(t, db, srcB, daysAgo(srcB, "new", 0)); st.New != 1 {
		t.Errorf("stats after compaction %+v, want 1 new", st)
	}
}

func TestCompactNeedsWriteAccess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.Compact(context.Background()); err == nil {
		t.Error("Compact of a read-only handle succeeded")
	}
}

func TestBackupIsAConsistentCopy(t *testing.T) {
	db := openTest(t, Options{NearDup: aggregator.NearDup{}})
	fill(t, db, srcA, 300, 3)
	dest := filepath.Join(t.TempDir(), "sub", "backup.db")
	n, err := db.Backup(context.Background(), dest)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dest)
	if err != nil || fi.Size() != n {
		t.Fatalf("backup file: %v, size %v; want %d bytes", err, fi, n)
	}
	// The database stays usable, and the copy holds what it held.
	poll(t, db, srcB, daysAgo(srcB, "later", 0))
	cp, err := Open(dest, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	checkDB(t, cp)
	if got := len(selectAll(t, cp, aggregator.Selection{Sources: []string{srcA, srcB}})); got != 300 {
		t.Errorf("backup holds %d entries, want 300", got)
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
	if _, err := db.Backup(context.Background(), db.Path()); err == nil {
		t.Error("backup over the database itself succeeded")
	}
}

func TestMigrationsRunInOneTransaction(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	poll(t, db, srcA, daysAgo(srcA, "a1", 1))
	db.Close()

	mark := func(name string) func(tx *bolt.Tx) error {
		return func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put([]byte(name), []byte{1}) }
	}
	failing := &schema{version: SchemaVersion + 2, migrations: map[int]func(*bolt.Tx) error{
		SchemaVersion:     mark("step1"),
		SchemaVersion + 1: func(*bolt.Tx) error { return errors.New("disk says no") },
	}}
	if _, err := Open(path, Options{schema: failing}); err == nil || !strings.Contains(err.Error(), "disk says no") {
		t.Fatalf("Open with a failing migration = %v, want its error", err)
	}
	version, marks := readMeta(t, path)
	if version != SchemaVersion || marks["step1"] {
		t.Fatalf("after a failed migration: version %d, marks %v; want the file untouched", version, marks)
	}

	ok := &schema{version: SchemaVersion + 2, migrations: map[int]func(*bolt.Tx) error{
		SchemaVersion:     mark("step1"),
		SchemaVersion + 1: mark("step2"),
	}}
	db, err = Open(path, Options{schema: ok})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})); got != 1 {
		t.Errorf("%d entries after migrating, want 1", got)
	}
	db.Close()
	version, marks = readMeta(t, path)
	if version != SchemaVersion+2 || !marks["step1"] || !marks["step2"] {
		t.Errorf("after migrating: version %d, marks %v; want %d and both steps", version, marks, SchemaVersion+2)
	}
	// This build now refuses the file.
	if _, err := Open(path, Options{}); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("Open of a newer file = %v, want ErrNewerSchema", err)
	}
	// A gap in the migrations is refused too.
	gap := &schema{version: SchemaVersion + 3, migrations: map[int]func(*bolt.Tx) error{}}
	if _, err := Open(path, Options{schema: gap}); err == nil || !strings.Contains(err.Error(), "no migration") {
		t.Errorf("Open with a missing migration = %v", err)
	}
	// A reader does not migrate.
	if _, err := Open(path, Options{ReadOnly: true, schema: gap}); err == nil || !strings.Contains(err.Error(), "needs migrating") {
		t.Errorf("read-only Open of an old file = %v, want a request to migrate", err)
	}
}

func readMeta(t *testing.T, path string) (int, map[string]bool) {
	t.Helper()
	b, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	marks := map[string]bool{}
	version := 0
	b.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		version = int(be64(m.Get(keySchema)))
		m.ForEach(func(k, _ []byte) error {
			marks[string(k)] = true
			return nil
		})
		return nil
	})
	return version, marks
}

// A process that waits for the lock while another compacts must end up
// with the new file, not the old one renamed away under it.
func TestOpenWaitingDuringCompactGetsTheNewFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	poll(t, db, srcA, daysAgo(srcA, "before", 1))
	opened := make(chan *DB)
	go func() {
		other, err := Open(path, Options{LockTimeout: time.Minute})
		if err != nil {
			t.Error(err)
		}
		opened <- other
	}()
	// Give the second Open time to start waiting; the test holds either
	// way, it only checks the race more often when it is waiting.
	time.Sleep(50 * time.Millisecond)
	if _, err := db.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	other := <-opened
	if other == nil {
		t.FailNow()
	}
	poll(t, other, srcA, daysAgo(srcA, "after", 0))
	other.Close()
	again, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if got := titles(selectAll(t, again, aggregator.Selection{Sources: []string{srcA}})); len(got) != 2 {
		t.Errorf("after compacting under a waiting opener the file holds %q, want both items", got)
	}
}

// Schema 1 led the near-duplicate index with the fingerprint key; opening
// such a file rebuilds the index by time span, and matching works on.
func TestMigrationToSpanLedNearIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	db, err := Open(path, Options{NearDup: aggregator.NearDup{}})
	if err != nil {
		t.Fatal(err)
	}
	wireA := nearItem(srcA, "a1", "https://abc.example/wirestory/nepal-plane-crash-98765", "Plane carrying 72 people crashes in Nepal", wireLede, 0)
	poll(t, db, srcA, wireA, daysAgo(srcA, "older", 3))
	// Rewrite the file as schema 1 wrote it.
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		type entry struct{ k, v []byte }
		var old []entry
		tx.Bucket(bucketNear).ForEach(func(k, v []byte) error {
			old = append(old, entry{key3(be64(k[8:]), be64(k[16:]), fold.StoryID(be64(k[24:]))), append([]byte(nil), v...)})
			return nil
		})
		if len(old) == 0 {
			return errors.New("no near entries to rewrite")
		}
		if err := tx.DeleteBucket(bucketNear); err != nil {
			return err
		}
		b, err := tx.CreateBucket(bucketNear)
		if err != nil {
			return err
		}
		for _, e := range old {
			if err := b.Put(e.k, e.v); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, u64(1))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(path, Options{NearDup: aggregator.NearDup{}})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkDB(t, db)
	if v, _ := readMetaOf(db); v != SchemaVersion {
		t.Errorf("schema %d after opening, want %d", v, SchemaVersion)
	}
	wireB := nearItem(srcB, "b1", "https://nbc.example/news/world/nepal-crash-n12345", "Nepal plane crash: at least 70 dead as search goes on", wireLedeUpdated, 90)
	if st := poll(t, db, srcB, wireB); st.Merged != 1 {
		t.Errorf("stats %+v: the copy did not find its story through the migrated index", st)
	}
}

func readMetaOf(db *DB) (int, error) {
	version := 0
	err := db.bolt.View(func(tx *bolt.Tx) error {
		version = int(be64(tx.Bucket(bucketMeta).Get(keySchema)))
		return nil
	})
	return version, err
}
