package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	bolt "go.etcd.io/bbolt"
)

// fillDeep writes a store whose buckets are trees of several levels:
// 1,800 items of three sources, with bodies long enough for overflow
// pages and near-duplicate keys, and the older third pruned, so that the
// file also holds free pages and rebalanced nodes.
//
// It uses bbolt's old default of 4 KiB pages, a store made before pageSize
// grew and still read as it is: at the store's own size the same items
// make trees a level shallower.
func fillDeep(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "feedloom.db")
	defer func(size int) { pageSize = size }(pageSize)
	pageSize = 4096
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("harbour tide ferry council budget storm river orchard valley school road bridge market festival election court")
	for b := range 12 {
		var rs []*aggregator.SourceResult
		for _, src := range []string{srcA, srcB, "https://c.example/feed"} {
			var items []aggregator.Item
			for i := range 50 {
				id := fmt.Sprintf("%s-%d-%d", src[8:9], b, i)
				var text strings.Builder
				for range 40 + rng.IntN(200) {
					text.WriteString(words[rng.IntN(len(words))] + " ")
				}
				it := nearItem(src, id, "https://example.org/"+id, "Title "+id, text.String(), b*600+i*10)
				// Bodies that do not compress, some longer than a page.
				body := make([]byte, rng.IntN(4000))
				for j := range body {
					body[j] = byte(rng.Uint32())
				}
				it.Content = fmt.Sprintf("<p>%x</p>", body)
				items = append(items, it)
			}
			rs = append(rs, result(src, items...))
		}
		commit(t, db, rs...)
	}
	if _, err := db.Prune(context.Background(), aggregator.PruneOptions{Before: t0.Add(40 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	checkDB(t, db)
	db.Close()
	return path
}

// walkBoth runs the file walk and the tree walk (through bbolt's mapping)
// over the store at path, in one read transaction; the tree walk only when
// the file walk passed, unless always. A panic (bbolt's, on a damaged page:
// the file walk too reads the root bucket through bbolt) counts as damage
// found, as it does in the store's view. bbolt itself may loop or crash
// the process on some damage (a page that points back at its parent) that
// the file walk reports, so the fuzz target does not run it there.
func walkBoth(t testing.TB, path string, always bool) (tree, file error) {
	t.Helper()
	if err := viewFile(t, path, func(tx *bolt.Tx, f *os.File) {
		file = recovering(func() error { return walkFile(tx, f) })
		if file == nil || always {
			tree = recovering(func() error { return walkTx(tx) })
		}
	}); err != nil {
		return err, err
	}
	return tree, file
}

// viewFile opens the store file at path read-only and calls fn in a read
// transaction, with the file opened again for reading, as the store's view
// does: a fault on a damaged page panics, to be recovered. The error is
// bbolt's, when it cannot open the file.
func viewFile(t testing.TB, path string, fn func(tx *bolt.Tx, f *os.File)) error {
	t.Helper()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	b, err := openBolt(path, &bolt.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer b.Close()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return b.View(func(tx *bolt.Tx) error {
		fn(tx, f)
		return nil
	})
}

// recovering runs fn, and turns a panic (bbolt's, on a damaged page) into
// damage found, as the store's view does.
func recovering(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: panic: %v", ErrDamaged, r)
		}
	}()
	return fn()
}

// TestWalkFileFindsWhatTheTreeWalkFinds writes random bytes over the pages
// that hold the data of real store files, one page at a time, and runs
// both walks over each copy: the file walk (what a refresh of a large
// store runs) must report damage wherever the walk through bbolt's
// mapping does, and must pass the sound files.
func TestWalkFileFindsWhatTheTreeWalkFinds(t *testing.T) {
	for _, path := range []string{fillSmall(t), fillDeep(t)} {
		if tree, file := walkBoth(t, path, true); tree != nil || file != nil {
			t.Fatalf("sound file %s: tree walk %v, file walk %v", path, tree, file)
		}
	}
	path := fillDeep(t)
	sound, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pages, pageSize, levels := dataPages(t, path)
	if levels < 3 || len(pages) < 200 {
		t.Fatalf("the store is too shallow to test with: item tree depth %d, %d data pages", levels, len(pages))
	}
	rng := rand.New(rand.NewPCG(5, 6))
	cases := 400
	if testing.Short() {
		cases = 80
	}
	damagedPath := filepath.Join(t.TempDir(), "damaged.db")
	found, both, fileOnly := 0, 0, 0
	for range cases {
		page := pages[rng.IntN(len(pages))]
		data := bytes.Clone(sound)
		n := 1 + rng.IntN(32)
		off := page*pageSize + rng.IntN(pageSize-n)
		if rng.IntN(3) == 0 {
			off = page*pageSize + rng.IntN(64) // headers and first elements
		}
		for i := range n {
			data[off+i] = byte(rng.Uint32())
		}
		if err := os.WriteFile(damagedPath, data, 0o644); err != nil {
			t.Fatal(err)
		}
		tree, file := walkBoth(t, damagedPath, true)
		if file != nil && !errors.Is(file, ErrDamaged) {
			t.Fatalf("page %d offset %d: the file walk failed without reporting damage: %v", page, off, file)
		}
		if tree == nil && file != nil {
			fileOnly++
		}
		if tree != nil {
			found++
			if file == nil {
				t.Errorf("page %d offset %d: the tree walk found %v, the file walk nothing", page, off, tree)
			} else {
				both++
			}
		}
	}
	t.Logf("%d cases: the tree walk found damage in %d, the file walk too in %d (and alone in %d)", cases, found, both, fileOnly)
	if found < cases/10 {
		t.Errorf("the tree walk found damage in only %d of %d cases: the damage does not reach what the walks read", found, cases)
	}
}

// dataPages lists the branch and leaf pages of the bbolt file at path
// (overflow pages included), its page size, and the depth of its item tree.
func dataPages(t testing.TB, path string) (pages []int, pageSize, levels int) {
	t.Helper()
	b, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.View(func(tx *bolt.Tx) error {
		pageSize = tx.DB().Info().PageSize
		levels = tx.Bucket(bucketItems).Stats().Depth
		for id := 2; ; id++ {
			p, err := tx.Page(id)
			if err != nil || p == nil {
				return err
			}
			if p.Type == "branch" || p.Type == "leaf" {
				for o := 0; o <= p.OverflowCount; o++ {
					pages = append(pages, id+o)
				}
			}
			id += p.OverflowCount
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages, pageSize, levels
}

// FuzzWalkFile writes the fuzzer's bytes over a data page of a real store
// file, at a page and offset the input picks: the file walk must fail
// only by reporting damage, and must find whatever damage the walk through
// bbolt's mapping finds.
//
// The store is a file in testdata, written once by fillFixed with
// FEEDLOOM_WRITE_WALK_FIXTURE=1: a store built afresh differs from run to
// run in its page layout, and the fuzzer's crashers would not reproduce.
func FuzzWalkFile(f *testing.F) {
	path := filepath.Join("testdata", "walk.db")
	if os.Getenv("FEEDLOOM_WRITE_WALK_FIXTURE") != "" {
		if err := os.WriteFile(path, fillFixed(f), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	sound, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	if tree, file := walkBoth(f, path, true); tree != nil || file != nil {
		f.Fatalf("%s is not a sound store: tree walk %v, file walk %v", path, tree, file)
	}
	pages, pageSize, _ := dataPages(f, path)
	f.Add(uint16(0), uint16(0), []byte{0xff, 0xff, 0xff, 0xff})
	f.Add(uint16(1), uint16(8), []byte{2, 0})
	f.Add(uint16(2), uint16(12), []byte{9})
	f.Add(uint16(3), uint16(200), []byte("garbage"))
	f.Fuzz(func(t *testing.T, page, at uint16, patch []byte) {
		damaged := writeDamaged(t, sound, pages, pageSize, page, at, patch)
		tree, file := walkBoth(t, damaged, false)
		if file != nil && !errors.Is(file, ErrDamaged) {
			t.Fatalf("the file walk failed without reporting damage: %v", file)
		}
		if tree != nil && file == nil {
			t.Fatalf("the tree walk found %v, the file walk nothing", tree)
		}
	})
}

// writeDamaged writes a copy of the store file sound, with patch written
// over one of its data pages (pages, of pageSize bytes) at a page and
// offset that page and at pick, into the test's folder, and returns its
// path.
func writeDamaged(t *testing.T, sound []byte, pages []int, pageSize int, page, at uint16, patch []byte) string {
	t.Helper()
	data := bytes.Clone(sound)
	off := pages[int(page)%len(pages)]*pageSize + int(at)%pageSize
	copy(data[off:], patch)
	damaged := filepath.Join(t.TempDir(), "damaged.db")
	if err := os.WriteFile(damaged, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return damaged
}

// fillFixed returns the bytes of a store of 40 items of two sources with
// short bodies: a few pages of items and stories, the smaller indexes held
// inline.
func fillFixed(t testing.TB) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "feedloom.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{srcA, srcB} {
		var items []aggregator.Item
		for i := range 20 {
			id := fmt.Sprintf("%s-%d", src[8:9], i)
			it := item(src, id, i)
			it.Content = fmt.Sprintf("<p>%x</p>", sha256.Sum256([]byte(id)))
			items = append(items, it)
		}
		commit(t, db, result(src, items...))
	}
	db.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// walkTx is the reference the file walk is tested against: the walk of
// every bucket through bbolt's cursors that the store ran before it (key
// order, and every sealed record's checksum).
func walkTx(tx *bolt.Tx) error {
	return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		return walkBucket(name, b, sealedBucket(name))
	})
}

func walkBucket(name []byte, b *bolt.Bucket, sealed bool) error {
	c := b.Cursor()
	var prev []byte
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if prev != nil && bytes.Compare(prev, k) >= 0 {
			return fmt.Errorf("%w: bucket %s: keys out of order", ErrDamaged, name)
		}
		prev = k
		if v == nil {
			if child := b.Bucket(k); child != nil {
				if err := walkBucket(k, child, false); err != nil {
					return err
				}
				continue
			}
		}
		if sealed {
			if err := verifySeal(k, v); err != nil {
				return fmt.Errorf("%s record %q: %w", name, k, &RecordError{What: string(name), Err: err})
			}
		}
	}
	return nil
}
