package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// e2eArgs sets up the e2e fixtures behind an origin and returns the
// global flags of a run against them.
func e2eArgs(t *testing.T) (args []string, db string) {
	t.Helper()
	tmp := t.TempDir()
	srv := newOrigin(t, "testdata/e2e")
	opml := writeOPML(t, tmp, fmt.Sprintf(`
<outline text="Coast">
  <outline text="Harbour Gazette" xmlUrl="%[1]s/rss2.xml"/>
  <outline text="Orchard Notes" xmlUrl="%[1]s/feed.json"/>
</outline>
<outline text="Inland">
  <outline text="Valley Times" xmlUrl="%[1]s/rss1.rdf"/>
  <outline text="Peak Weekly" xmlUrl="%[1]s/atom.xml"/>
</outline>`, srv.URL))
	db = filepath.Join(tmp, "feedloom.db")
	return []string{"--opml", opml, "--db", db, "--out", filepath.Join(tmp, "public")}, db
}

func TestNewerDatabaseIsRefused(t *testing.T) {
	args, db := e2eArgs(t)
	if code, _, stderr := feedloom(t, append(args, "--retention", "0", "refresh")...); code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	b, err := bolt.Open(db, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte{0, 0, 0, 0, 0, 0, 0, 99})
	})
	b.Close()
	for _, cmd := range [][]string{{"refresh"}, {"publish"}, {"status"}, {"prune"}, {"compact"}, {"backup", filepath.Join(t.TempDir(), "b.db")}} {
		code, stdout, stderr := feedloom(t, append(args, cmd...)...)
		if code != exitConfig || stdout != "" || !strings.Contains(stderr, "written by a newer feedloom") || !strings.Contains(stderr, "upgrade feedloom") {
			t.Errorf("%s = %d, stdout %q, stderr %q; want exit 2 and a message to upgrade", cmd[0], code, stdout, stderr)
		}
	}
}

func TestPruneCompactBackupCommands(t *testing.T) {
	args, db := e2eArgs(t)
	// Every stored item is still listed by its feed, so even a short
	// retention without a minimum removes nothing.
	if code, _, stderr := feedloom(t, append(args, "--retention", "0", "refresh")...); code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	backup := filepath.Join(t.TempDir(), "copy", "feedloom-backup.db")
	steps := [][]string{
		{"-v", "--retention", "1h", "--keep-min", "0", "prune"},
		{"-v", "compact"},
		{"-v", "backup", backup},
	}
	wants := []string{"pruned 0 stories", "compacted", "wrote"}
	for i, s := range steps {
		code, stdout, stderr := feedloom(t, append(args, s...)...)
		if code != exitOK || stdout != "" || !strings.Contains(stderr, wants[i]) {
			t.Errorf("%v = %d, %q, %q; want exit 0 and %q", s, code, stdout, stderr, wants[i])
		}
	}
	if fi, err := os.Stat(backup); err != nil || fi.Size() == 0 {
		t.Fatalf("backup: %v", err)
	}
	// The copy is a working database: publish from it.
	code, _, stderr := feedloom(t, append(args, "--db", backup, "publish")...)
	if code != exitOK {
		t.Errorf("publish from the backup = %d: %s", code, stderr)
	}
	if code, _, stderr := feedloom(t, append(args, "backup")...); code != exitConfig || !strings.Contains(stderr, "FILE") {
		t.Errorf("backup without FILE = %d, %q; want a usage error", code, stderr)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatal(err)
	}
}
