package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// binary is the feedloom program built once for the tests that must run
// the real thing (and kill it); TestMain removes it.
var binary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// buildFeedloom returns the path of the feedloom binary, building it on
// first use; tests that need it are skipped in -short mode.
func buildFeedloom(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the feedloom binary; skipped in -short mode")
	}
	binary.once.Do(func() {
		if binary.dir, binary.err = os.MkdirTemp("", "feedloom-test-bin-"); binary.err != nil {
			return
		}
		binary.path = filepath.Join(binary.dir, "feedloom")
		if out, err := exec.Command("go", "build", "-o", binary.path, ".").CombinedOutput(); err != nil {
			binary.err = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}
