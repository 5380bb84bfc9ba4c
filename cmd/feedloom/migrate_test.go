package main

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/store/pgstore/pgtest"
)

// published publishes from db into a new folder and returns its files.
func published(t *testing.T, args []string, db string) map[string]fileSnap {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := feedloom(t, append(args, "--db", db, "--out", out, "publish")...); code != exitOK {
		t.Fatalf("publish from %s = %d: %s", db, code, stderr)
	}
	return snapshot(t, out)
}

// sameOutputs fails the test unless two published folders hold the same
// files, byte for byte.
func sameOutputs(t *testing.T, what string, want, got map[string]fileSnap) {
	t.Helper()
	var names []string
	for name := range want {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if g, ok := got[name]; !ok {
			t.Errorf("%s: %s is missing", what, name)
		} else if !bytes.Equal(g.data, want[name].data) {
			t.Errorf("%s: %s differs:\n got %.300s\nwant %.300s", what, name, g.data, want[name].data)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d files, want %d", what, len(got), len(want))
	}
	if len(want) < 10 {
		t.Fatalf("%s: only %d files published", what, len(want))
	}
}

// TestMigrateRoundTripsOutputs: a store copied to another backend and back
// publishes byte-identical outputs, and a backup restores to them too.
func TestMigrateRoundTripsOutputs(t *testing.T) {
	args, db := e2eArgs(t)
	if code, _, stderr := feedloom(t, append(args, "refresh")...); code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	want := published(t, args, db)
	tmp := t.TempDir()
	stops := []string{filepath.Join(tmp, "copy.db")}
	if pgtest.Reachable() {
		stops = append(stops, pgtest.NewDatabase(t))
	} else {
		t.Log("the PostgreSQL leg is left out: no server answers at " + pgtest.Server() + " (start one, or set FEEDLOOM_TEST_POSTGRES)")
	}
	stops = append(stops, filepath.Join(tmp, "back.db"))
	from := db
	for _, to := range stops {
		if code, _, stderr := feedloom(t, append(args, "migrate", "--from", from, "--to", to)...); code != exitOK {
			t.Fatalf("migrate %s -> %s = %d: %s", from, to, code, stderr)
		}
		sameOutputs(t, "published from "+to, want, published(t, args, to))
		from = to
	}
	// Into a store that is not empty: refused, nothing changed.
	code, _, stderr := feedloom(t, append(args, "migrate", "--from", db, "--to", from)...)
	if code == exitOK || !strings.Contains(stderr, "empty") {
		t.Errorf("migrate into a store with content = %d, %q; want a refusal that says it must be empty", code, stderr)
	}
	// backup and restore, through a dump where the source is PostgreSQL.
	for _, src := range stops {
		backup := filepath.Join(t.TempDir(), "backup")
		if code, _, stderr := feedloom(t, append(args, "--db", src, "backup", backup)...); code != exitOK {
			t.Fatalf("backup of %s = %d: %s", src, code, stderr)
		}
		restored := filepath.Join(t.TempDir(), "restored.db")
		if code, _, stderr := feedloom(t, append(args, "--db", restored, "restore", backup)...); code != exitOK {
			t.Fatalf("restore of a backup of %s = %d: %s", src, code, stderr)
		}
		sameOutputs(t, "restored from a backup of "+src, want, published(t, args, restored))
	}
}
