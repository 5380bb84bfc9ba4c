package pgstore

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/store/pgstore/pgtest"
)

func schemaVersion(t *testing.T, db *DB) int {
	t.Helper()
	var v int
	if err := db.pool.QueryRow(context.Background(), `SELECT value FROM feedloom_meta WHERE key = 'schema'`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOpenCreatesTheSchemaAndReopenKeepsTheData(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	db, err := Open(context.Background(), dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v := schemaVersion(t, db); v != SchemaVersion {
		t.Fatalf("schema %d after the first open, want %d", v, SchemaVersion)
	}
	commit(t, db, result(srcA, item(srcA, "a1", 1)))
	db.Close()

	again := openDSN(t, dsn, Options{})
	if v := schemaVersion(t, again); v != SchemaVersion {
		t.Errorf("schema %d after a reopen, want %d", v, SchemaVersion)
	}
	if got := titles(selectAll(t, again, aggregator.Selection{Sources: []string{srcA}})); !slices.Equal(got, []string{"Title a1"}) {
		t.Errorf("after a reopen the store selects %q", got)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	db := openDSN(t, dsn, Options{})
	if _, err := db.pool.Exec(context.Background(), `UPDATE feedloom_meta SET value = $1 WHERE key = 'schema'`, SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), dsn, Options{})
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "upgrade feedloom") {
		t.Fatalf("Open = %v, want ErrNewerSchema, saying to upgrade", err)
	}
	if _, err := db.pool.Exec(context.Background(), `UPDATE feedloom_meta SET value = $1 WHERE key = 'schema'`, SchemaVersion); err != nil {
		t.Fatal(err) // so that the cleanup's check reads the tables it knows
	}
}

// A step that fails leaves the database as it was: the steps before it in
// the same open are undone, and the version is not raised.
func TestFailingMigrationLeavesTheDatabaseUnchanged(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	db := openDSN(t, dsn, Options{})
	steps := append(slices.Clone(migrations), `CREATE TABLE extra (x integer)`, `SELECT 1/0`)
	_, err := Open(context.Background(), dsn, Options{steps: steps})
	if err == nil || !strings.Contains(err.Error(), "unchanged") {
		t.Fatalf("Open with a failing step = %v, want an error saying the database is unchanged", err)
	}
	if v := schemaVersion(t, db); v != SchemaVersion {
		t.Errorf("schema %d after a failed migration, want %d", v, SchemaVersion)
	}
	var extra bool
	db.pool.QueryRow(context.Background(), `SELECT to_regclass('extra') IS NOT NULL`).Scan(&extra)
	if extra {
		t.Error("the step before the failing one was kept")
	}
}

// Processes opening one database at once take turns: each step runs once,
// and every open succeeds.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	steps := append(slices.Clone(migrations), `CREATE TABLE extra (x integer)`) // fails if run twice
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			db, err := Open(context.Background(), dsn, Options{steps: steps})
			if err == nil {
				db.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	db := openDSN(t, dsn, Options{steps: steps})
	if v := schemaVersion(t, db); v != len(steps) {
		t.Errorf("schema %d, want %d", v, len(steps))
	}
}

func TestOpenSaysWhatToCheck(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := Open(ctx, "postgres://feedloom:secret@127.0.0.1:1/feedloom?sslmode=disable", Options{})
	if err == nil {
		t.Fatal("Open of a server that is not there succeeded")
	}
	if msg := err.Error(); !strings.Contains(msg, "is PostgreSQL running") || strings.Contains(msg, "secret") || !strings.Contains(msg, "127.0.0.1:1") {
		t.Errorf("Open = %q: want the server named, the password hidden, and what to check", msg)
	}
	_, err = Open(ctx, "host=127.0.0.1 port=nonsense password=secret", Options{})
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("Open of a bad connection string = %v: want an error without the password", err)
	}
}

func TestOpenOfAMissingDatabaseSaysToCreateIt(t *testing.T) {
	dsn := pgtest.NewDatabase(t) // skips without a server
	missing := strings.Replace(dsn, "feedloom_test_", "feedloom_missing_", 1)
	_, err := Open(context.Background(), missing, Options{})
	if err == nil || !strings.Contains(err.Error(), "CREATE DATABASE feedloom_missing_") {
		t.Errorf("Open of a database that does not exist = %v; want it named, with how to create it", err)
	}
}

func TestPathRedactsThePassword(t *testing.T) {
	for _, tt := range []struct{ dsn, want string }{
		{"postgres://feedloom:secret@db.example:5432/feedloom", "postgres://feedloom:xxxxx@db.example:5432/feedloom"},
		{"postgresql://feedloom@db.example/feedloom?sslmode=require", "postgresql://feedloom@db.example/feedloom?sslmode=require"},
		{"postgres://db.example/feedloom?password=secret&sslmode=disable", "postgres://db.example/feedloom?password=xxxxx&sslmode=disable"},
		{"host=db.example user=feedloom password=secret dbname=feedloom", "host=db.example user=feedloom password=xxxxx dbname=feedloom"},
		{"host=db.example password = 'se cret' dbname=feedloom", "host=db.example password = xxxxx dbname=feedloom"},
	} {
		if got := redact(tt.dsn); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.dsn, got, tt.want)
		}
	}
}
