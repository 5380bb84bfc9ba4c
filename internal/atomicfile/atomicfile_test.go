package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileReplacesAndKeepsNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "feed.xml")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "new" {
		t.Fatalf("read back %q, %v; want new", b, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	if left := entries(t, dir); len(left) != 1 {
		t.Errorf("folder holds %v, want only feed.xml", left)
	}
}

func TestFailedWriteLeavesTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "feedloom.db")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Replace(path, 0o644, func(f *os.File) error {
		f.WriteString("half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("file holds %q after a failed write, want old", b)
	}
	if left := entries(t, dir); len(left) != 1 {
		t.Errorf("folder holds %v, want only the old file", left)
	}
}

func TestMissingFolderIsNamed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent", "rss.xml")
	err := WriteFile(path, []byte("x"), 0o644)
	if err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Errorf("err = %v, want a not-exist error naming %s", err, path)
	}
}

func TestIsTempAndRemoveStale(t *testing.T) {
	for name, want := range map[string]string{
		".rss.xml.tmp-123": "rss.xml",
		".a.tmp-b.tmp-9":   "a.tmp-b",
		".notes.tmp-draft": "",
		"rss.xml.tmp-123":  "",
		"..tmp-1":          "",
		".x.tmp-":          "",
	} {
		got, ok := IsTemp(name)
		if ok != (want != "") || got != want {
			t.Errorf("IsTemp(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	dir := t.TempDir()
	for _, n := range []string{"db", ".db.tmp-1", ".db.tmp-22", ".other.tmp-3", ".db.tmp-x"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	RemoveStale(filepath.Join(dir, "db"))
	got := entries(t, dir)
	want := []string{".db.tmp-x", ".other.tmp-3", "db"}
	if len(got) != len(want) {
		t.Fatalf("left %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("left %v, want %v", got, want)
		}
	}
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}
