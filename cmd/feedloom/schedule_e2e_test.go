package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSecondRefreshIsConditional: after a first refresh of N sources, a
// second one where every source answers 304 makes exactly N conditional
// requests and parses nothing; and a refresh while no source is due makes
// no request at all.
func TestSecondRefreshIsConditional(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 100
	}
	tmp := t.TempDir()
	f := newFarm(t)
	opml := writeOPML(t, tmp, farmOPML(f, n, ""))
	args := []string{"--opml", opml, "--db", filepath.Join(tmp, "db"), "--out", filepath.Join(tmp, "out")}

	if code, _, stderr := feedloom(t, append(args, "refresh", "--per-host", "8")...); code != exitOK {
		t.Fatalf("first refresh = %d: %s", code, stderr)
	}
	if req, cond, full := f.take(); req != n || cond != 0 || full != n {
		t.Fatalf("first refresh: %d requests, %d conditional, %d full; want %d, 0, %d", req, cond, full, n, n)
	}

	code, _, stderr := feedloom(t, append(args, "-v", "refresh", "--force", "--per-host", "8")...)
	if code != exitOK {
		t.Fatalf("second refresh = %d: %s", code, stderr)
	}
	if req, cond, full := f.take(); req != n || cond != n || full != 0 {
		t.Errorf("second refresh: %d requests, %d conditional, %d full; want %d, %d, 0", req, cond, full, n, n)
	}
	if want := "0 fetched, " + strconv.Itoa(n) + " not modified, 0 unchanged, 0 failed"; !strings.Contains(stderr, want) {
		t.Errorf("second refresh summary %q, want it to say %q (nothing parsed)", stderr, want)
	}

	if code, stdout, stderr := feedloom(t, append(args, "refresh")...); code != exitOK || stdout != "" || stderr != "" {
		t.Fatalf("third refresh = %d, %q, %q; want 0 and silence", code, stdout, stderr)
	}
	if req, _, _ := f.take(); req != 0 {
		t.Errorf("refresh with no source due made %d requests, want 0", req)
	}
}
