package main

import (
	"os"
	"strings"
	"testing"
)

// TestUsageErrorsExitTwo checks that a bad flag exits with the usage code
// and names the command whose help to read, at the top level, on a command
// and on a subcommand; nothing is created.
func TestUsageErrorsExitTwo(t *testing.T) {
	dir := t.TempDir()
	base := []string{"--db", dir + "/feedloom.db", "--out", dir + "/public"}
	for _, tc := range []struct {
		args []string
		help string
	}{
		{[]string{"--no-such-flag", "refresh"}, "feedloom --help"},
		{[]string{"refresh", "--no-such-flag"}, "feedloom refresh --help"},
		{[]string{"status", "--jsn"}, "feedloom status --help"},
		{[]string{"topics", "test", "--bogus", "war"}, "feedloom topics test --help"},
		{[]string{"sources", "add", "--bogus", "http://127.0.0.1/"}, "feedloom sources add --help"},
	} {
		code, _, stderr := feedloom(t, append(base, tc.args...)...)
		if code != exitConfig || !strings.Contains(stderr, tc.help) {
			t.Errorf("feedloom %v = %d, %q; want %d pointing at `%s`", tc.args, code, stderr, exitConfig, tc.help)
		}
	}
	if code, _, _ := feedloom(t, "--version"); code != exitOK {
		t.Errorf("--version = %d", code)
	}
	for _, p := range []string{dir + "/feedloom.db", dir + "/public"} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s exists after usage errors (%v)", p, err)
		}
	}
}
