package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/store/pgstore/pgtest"
	"github.com/jackc/pgx/v5"
)

// newPostgresE2E is newE2E with --db a PostgreSQL database of its own.
func newPostgresE2E(t *testing.T, outlines string) (*e2e, string) {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	e := newE2E(t, outlines)
	e.args = append(e.args, "--db", dsn)
	return e, dsn
}

// TestEveryCommandOnPostgreSQL: what works on a file works on a
// PostgreSQL store: refresh, publish, status, topics, prune, backup and
// restore; compact says what PostgreSQL does instead; a store written by a
// newer feedloom is refused with a message to upgrade.
func TestEveryCommandOnPostgreSQL(t *testing.T) {
	f := newFarm(t)
	e, dsn := newPostgresE2E(t, farmOPML(f, 5, `<outline type="topic" text="Three" query="story"/>`))
	if code, _, stderr := e.run("refresh"); code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	all, err := os.ReadFile(filepath.Join(e.tmp, "out", "all", "feed.json"))
	if err != nil || strings.Count(string(all), `"title": "Story`) != 5 {
		t.Fatalf("the all output after a refresh into PostgreSQL: %v\n%s", err, all)
	}
	if rows := e.status(); len(rows) != 5 || !rows[f.URL+"/f/3"].Polled {
		t.Errorf("status: %d sources, %+v", len(rows), rows[f.URL+"/f/3"])
	}
	// Nothing is due again yet; a named source is polled whatever its
	// schedule, and --force polls every one.
	f.take()
	for _, run := range []struct {
		args []string
		want int
	}{{[]string{"refresh"}, 0}, {[]string{"refresh", f.URL + "/f/2"}, 1}, {[]string{"refresh", "--force"}, 5}} {
		if code, _, stderr := e.run(run.args...); code != exitOK {
			t.Fatalf("%v = %d: %s", run.args, code, stderr)
		}
		if requests, _, _ := f.take(); requests != run.want {
			t.Errorf("%v made %d requests, want %d", run.args, requests, run.want)
		}
	}
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"-v", "publish"}, "published"},
		{[]string{"topics", "test", "story"}, "Story 4"},
		{[]string{"-v", "--retention", "1h", "--keep-min", "0", "prune"}, "pruned 0 stories"},
		{[]string{"compact"}, "autovacuum"},
	}
	for _, s := range steps {
		code, stdout, stderr := e.run(s.args...)
		if code != exitOK || !strings.Contains(stdout+stderr, s.want) {
			t.Errorf("%v = %d, %q, %q; want exit 0 and %q", s.args, code, stdout, stderr, s.want)
		}
	}
	backup := filepath.Join(t.TempDir(), "feedloom.dump")
	if code, _, stderr := e.run("backup", backup); code != exitOK {
		t.Fatalf("backup = %d: %s", code, stderr)
	}
	if data, _ := os.ReadFile(backup); !strings.HasPrefix(string(data), `{"header":{"format":"feedloom-dump"`) {
		t.Errorf("the backup of a PostgreSQL store is not a dump: %.100s", data)
	}
	other := pgtest.NewDatabase(t)
	if code, _, stderr := e.run("--db", other, "restore", backup); code != exitOK {
		t.Fatalf("restore into PostgreSQL = %d: %s", code, stderr)
	}
	if code, _, stderr := e.run("--db", other, "restore", backup); code == exitOK || !strings.Contains(stderr, "empty") {
		t.Errorf("restore into a store with content = %d, %q; want a refusal that says it must be empty", code, stderr)
	}

	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `UPDATE feedloom_meta SET value = 99 WHERE key = 'schema'`); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{{"refresh"}, {"publish"}, {"status"}, {"prune"}, {"backup", backup}} {
		code, stdout, stderr := e.run(cmd...)
		if code != exitConfig || stdout != "" || !strings.Contains(stderr, "written by a newer feedloom") || !strings.Contains(stderr, "upgrade feedloom") {
			t.Errorf("%s on a newer schema = %d, %q, %q; want exit 2 and a message to upgrade", cmd[0], code, stdout, stderr)
		}
	}
}

// TestReadersDoNotWaitForAPostgreSQLRefresh: status and publish answer
// while a refresh into the same PostgreSQL store waits on a host that
// never answers.
func TestReadersDoNotWaitForAPostgreSQLRefresh(t *testing.T) {
	silent := newSilentHost(t)
	f := newFarm(t)
	e, _ := newPostgresE2E(t, farmOPML(f, 3, silent.outlines(1)))
	cmd, stderr := startRefresh(t, e, "--header-timeout", "20s")
	for silent.accepted.Load() == 0 {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // the farm's sources are committed meanwhile
	if code, stdout, serr := e.run("status", "--json"); code != exitOK || !strings.HasPrefix(strings.TrimSpace(stdout), "[") {
		t.Errorf("status while a refresh waits on the network = %d: %s", code, serr)
	}
	if code, _, serr := e.run("publish"); code != exitOK {
		t.Errorf("publish while a refresh waits on the network = %d: %s", code, serr)
	}
	if cmd.ProcessState != nil {
		t.Fatal("the refresh ended before the readers ran: the test proves nothing")
	}
	cmd.Process.Kill()
	cmd.Wait()
	all, _ := os.ReadFile(filepath.Join(e.tmp, "out", "all", "feed.json"))
	if !strings.Contains(string(all), "Story 2") {
		t.Errorf("the publish during the refresh does not show what the refresh had committed:\n%s", stderr)
	}
}
