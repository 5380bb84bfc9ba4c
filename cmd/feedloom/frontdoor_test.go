package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnknownCommandExitsTwo(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"-v", "frobnicate", "--x"}, {"--db", "x.db", "refrsh"}} {
		code, _, stderr := feedloom(t, args...)
		if code != exitConfig || !strings.Contains(stderr, "unknown command") || !strings.Contains(stderr, "refresh, serve, publish") {
			t.Errorf("feedloom %v = %d, %q; want 2, unknown command and the list of commands", args, code, stderr)
		}
	}
	code, stdout, _ := feedloom(t, "version")
	if code != exitOK || !strings.Contains(stdout, "feedloom version") {
		t.Errorf("feedloom version = %d, %q", code, stdout)
	}
}

// TestConfigurationErrorsComeFirst: bad values stop the run with exit 2
// before the store, the output folder or any source is touched.
func TestConfigurationErrorsComeFirst(t *testing.T) {
	args, db := e2eArgs(t)
	for _, tc := range [][]string{
		{"--max-items", "-5", "refresh"},
		{"--max-age", "-1h", "refresh"},
		{"--retention", "-24h", "refresh"},
		{"--keep-min", "-1", "prune"},
		{"refresh", "--max-redirects", "-1"},
		{"refresh", "--timeout", "-5s"},
		{"refresh", "--fail-after", "-1h"},
		{"topics", "test", "--limit", "-3", "harbour"},
		{"--base-url", "not a url", "refresh"},
		{"--base-url", "ftp://example.org/", "publish"},
		{"refresh", "--max-items", "-5"}, // a global flag after the command
	} {
		code, _, stderr := feedloom(t, append(append([]string{}, args...), tc...)...)
		if code != exitConfig {
			t.Errorf("%v = %d, %q; want 2", tc, code, stderr)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the store was created by a run with a configuration error (%v)", err)
	}
}

func TestGlobalFlagsAfterTheCommand(t *testing.T) {
	args, db := e2eArgs(t)
	// args is --opml X --db Y --out Z: all of them after the command.
	code, _, stderr := feedloom(t, append([]string{"refresh", "-v"}, args...)...)
	if code != exitOK || !strings.Contains(stderr, "published") {
		t.Fatalf("refresh -v --opml … = %d, %q", code, stderr)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("the store named after the command was not used: %v", err)
	}
	code, stdout, stderr := feedloom(t, append([]string{"status", "--json"}, args...)...)
	if code != exitOK || !strings.HasPrefix(strings.TrimSpace(stdout), "[") {
		t.Errorf("status --json --opml … = %d, %q, %q", code, stdout, stderr)
	}
}

func TestDBFolderMustExist(t *testing.T) {
	args, _ := e2eArgs(t)
	missing := filepath.Join(t.TempDir(), "typo", "feedloom.db")
	args[3] = missing
	code, _, stderr := feedloom(t, append(append([]string{}, args...), "refresh")...)
	if code != exitConfig || !strings.Contains(stderr, "does not exist") || !strings.Contains(stderr, "--create-dirs") {
		t.Fatalf("refresh with --db in a missing folder = %d, %q; want 2 naming --create-dirs", code, stderr)
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Fatalf("the missing folder was created (%v)", err)
	}
	if code, _, stderr := feedloom(t, append(append([]string{"--create-dirs"}, args...), "refresh")...); code != exitOK {
		t.Fatalf("refresh --create-dirs = %d, %q", code, stderr)
	}
	if _, err := os.Stat(missing); err != nil {
		t.Fatal(err)
	}
}

// TestJSONLogsOnly: with --log-format json every line on stderr is JSON,
// the summary and the final error included.
func TestJSONLogsOnly(t *testing.T) {
	args, _ := e2eArgs(t)
	e := newE2E(t, `<outline text="Gone" xmlUrl="http://127.0.0.1:1/nothing.xml"/>`)
	for _, run := range [][]string{
		append(append([]string{"--log-format", "json", "-v"}, args...), "refresh"),
		append(append([]string{"--log-format", "json", "-v", "--log-level", "debug"}, e.args...), "refresh"),
		append(append([]string{}, e.args...), "--log-format", "json", "frobnicate"),
		append(append([]string{"--log-format=json"}, args...), "backup"),
	} {
		_, _, stderr := feedloom(t, run...)
		if strings.TrimSpace(stderr) == "" {
			t.Errorf("%v wrote nothing on stderr", run)
		}
		for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
			var v map[string]any
			if err := json.Unmarshal([]byte(line), &v); err != nil || v["msg"] == nil {
				t.Errorf("%v: stderr line is not a JSON log record: %q", run, line)
			}
		}
	}
}

func TestCompactKeepsTheFileMode(t *testing.T) {
	args, db := e2eArgs(t)
	if code, _, stderr := feedloom(t, append(append([]string{}, args...), "refresh")...); code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	for _, mode := range []os.FileMode{0o644, 0o640} {
		if err := os.Chmod(db, mode); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := feedloom(t, append(append([]string{}, args...), "compact")...); code != exitOK {
			t.Fatalf("compact = %d: %s", code, stderr)
		}
		fi, err := os.Stat(db)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != mode {
			t.Errorf("compact changed the mode from %v to %v", mode, fi.Mode().Perm())
		}
	}
}
