package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/store"
	bolt "go.etcd.io/bbolt"
)

// usedPages lists the pages of a bbolt file that hold data (meta,
// freelist, branch and leaf pages): damage anywhere else (free pages, the
// unused tail of the file) changes nothing a command reads.
func usedPages(t *testing.T, path string) (pages []int, pageSize int) {
	t.Helper()
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pageSize = db.Info().PageSize
	err = db.View(func(tx *bolt.Tx) error {
		for id := 0; ; id++ {
			p, err := tx.Page(id)
			if err != nil {
				return err
			}
			if p == nil {
				return nil
			}
			if p.Type != "free" {
				for o := 0; o <= p.OverflowCount; o++ {
					pages = append(pages, id+o)
				}
				id += p.OverflowCount
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages, pageSize
}

// TestDamagedStoreIsReportedByEveryCommand writes random bytes over pages
// that hold data, in copies of a real store, and runs every command that
// opens the store on each copy: each exits 1 with a message that names the
// file and says to restore a backup, or, when the damage is in bytes no
// command reads, behaves as on the sound file. Never a panic, and never a
// refresh that exits 0 on a file bbolt's check or a record checksum finds
// damaged.
func TestDamagedStoreIsReportedByEveryCommand(t *testing.T) {
	args, db := e2eArgs(t)
	if code, _, stderr := feedloom(t, append(args, "refresh")...); code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	sound, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	pages, pageSize := usedPages(t, db)
	out := args[len(args)-1]
	// What each reading command gives on the sound file.
	want := map[string]string{}
	for _, cmd := range [][]string{{"publish"}, {"status", "--json"}, {"topics", "test", "harbour"}} {
		code, stdout, stderr := feedloom(t, append(append([]string{}, args...), cmd...)...)
		if code != exitOK {
			t.Fatalf("%s on the sound file = %d: %s", cmd[0], code, stderr)
		}
		if cmd[0] == "publish" {
			stdout = outputDigest(t, out)
		}
		want[cmd[0]] = stdout
	}
	rng := rand.New(rand.NewPCG(11, 2))
	commands := [][]string{
		{"refresh", "--force"},
		{"publish"},
		{"status", "--json"},
		{"topics", "test", "harbour"},
		{"prune"},
		{"backup", filepath.Join(t.TempDir(), "copy.db")},
		{"compact"},
	}
	cases := 40
	if testing.Short() {
		cases = 6
	}
	detected := 0
	for i := range cases {
		// The two meta pages first, then data pages; within a page, bytes
		// in use (a small store leaves most of each page zero).
		page := pages[rng.IntN(len(pages))]
		off := page*pageSize + rng.IntN(pageSize-32)
		if i < 2 {
			page, off = i, i*pageSize+16+rng.IntN(56)
		}
		for try := 0; try < 100 && sound[off] == 0; try++ {
			off = page*pageSize + rng.IntN(pageSize-32)
		}
		damaged := bytes.Clone(sound)
		for j := range 32 {
			damaged[off+j] = byte(rng.Uint32())
		}
		refreshFailed := false
		for _, cmd := range commands {
			if err := os.WriteFile(db, damaged, 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := feedloom(t, append(append([]string{}, args...), cmd...)...)
			if cmd[0] == "publish" {
				stdout = outputDigest(t, out)
			}
			where := "page " + itoa(page) + " offset " + itoa(off) + ": " + strings.Join(cmd, " ")
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "internal error") {
				t.Fatalf("%s panicked: %s", where, stderr)
			}
			switch code {
			case exitFatal:
				if cmd[0] == "refresh" {
					refreshFailed = true
				}
				if !strings.Contains(stderr, db) || !strings.Contains(stderr, "is damaged") || !strings.Contains(stderr, "restore a backup") {
					t.Errorf("%s: exit 1 without the damage message naming the file: %s", where, stderr)
				}
				detected++
			case exitOK:
				// refresh, backup and compact check every page and record
				// first: exit 0 there means the damage is in bytes nothing
				// reads. A command that reads less may succeed on a file
				// refresh finds damaged, but only with what the sound file
				// gives.
				if refreshFailed && want[cmd[0]] != stdout {
					t.Errorf("%s = 0 on a damaged file, with output that differs from the sound file's:\n%s\nwant:\n%s", where, stdout, want[cmd[0]])
				}
				if !refreshFailed && (cmd[0] == "backup" || cmd[0] == "compact") {
					continue
				}
			default:
				t.Errorf("%s = %d, want 1 (damage) or 0: %s", where, code, stderr)
			}
		}
	}
	t.Logf("%d damaged copies x %d commands: %d reported the damage", cases, len(commands), detected)
	if detected == 0 {
		t.Fatal("no damage was ever reported")
	}
	// Sound again: every command works.
	if err := os.WriteFile(db, sound, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range commands {
		if code, _, stderr := feedloom(t, append(append([]string{}, args...), cmd...)...); code != exitOK {
			t.Errorf("%s on the sound file = %d: %s", strings.Join(cmd, " "), code, stderr)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// outputDigest lists the files of an output folder with their contents.
func outputDigest(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	snap := snapshot(t, dir)
	var names []string
	for name := range snap {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		fmt.Fprintf(&b, "%s %x\n", name, sha256.Sum256(snap[name].data))
	}
	return b.String()
}

// TestDamagedStoreIsNeverWritten damages one item record of a store and
// refreshes it: refresh checks the store while it polls (a small one whole,
// one larger than store.SmallStore record by record), so it fetches
// meanwhile, but it must exit 1 with the damage message and leave the file
// exactly as it was, with nothing committed. The same store undamaged
// refreshes as usual.
func TestDamagedStoreIsNeverWritten(t *testing.T) {
	t.Run("small", func(t *testing.T) { damagedIsNeverWritten(t, false) })
	t.Run("large", func(t *testing.T) { damagedIsNeverWritten(t, true) })
}

func damagedIsNeverWritten(t *testing.T, large bool) {
	args, db := e2eArgs(t)
	if code, _, stderr := feedloom(t, append(args, "refresh")...); code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	if large {
		growPast(t, db, store.SmallStore)
	}
	if code, _, stderr := feedloom(t, append(args, "refresh", "--force")...); code != exitOK {
		t.Fatalf("refresh of the sound store = %d: %s", code, stderr)
	}

	b, err := bolt.Open(db, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		items := tx.Bucket([]byte("items"))
		k, v := items.Cursor().Last()
		v = bytes.Clone(v)
		v[len(v)/2] ^= 0x55
		return items.Put(bytes.Clone(k), v)
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := feedloom(t, append(args, "refresh", "--force")...)
	if code != exitFatal || !strings.Contains(stderr, db) || !strings.Contains(stderr, "is damaged") {
		t.Fatalf("refresh of the damaged store = %d, want %d with the damage message naming the file: %s", code, exitFatal, stderr)
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("refresh wrote into the damaged file")
	}
}

// growPast makes the bbolt file at path larger than size with free pages:
// a bucket of padding, written and deleted again.
func growPast(t *testing.T, path string, size int64) {
	t.Helper()
	b, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		pad, err := tx.CreateBucket([]byte("test-padding"))
		if err != nil {
			return err
		}
		chunk := bytes.Repeat([]byte("padding "), 1<<17) // 1 MiB
		for i := range size>>20 + 4 {
			if err := pad.Put([]byte(fmt.Sprintf("%04d", i)), chunk); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = b.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("test-padding")) })
	}
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() <= size {
		t.Fatalf("store is not larger than %d bytes: %v %v", size, fi.Size(), err)
	}
}
