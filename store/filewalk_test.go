package store

import (
	"bytes"
	"context"
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
func fillDeep(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "feedloom.db")
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

// walkBoth runs the tree walk (through bbolt's mapping) and the file walk
// over the store at path, in one read transaction. A panic of bbolt's in
// the tree walk counts as damage found, as it does in the store's view.
func walkBoth(t *testing.T, path string) (tree, file error) {
	t.Helper()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true)) // as the store's view does
	b, err := openBolt(path, &bolt.Options{ReadOnly: true})
	if err != nil {
		return err, err
	}
	defer b.Close()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b.View(func(tx *bolt.Tx) error {
		tree = func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("%w: panic: %v", ErrDamaged, r)
				}
			}()
			return walkTx(tx, nil)
		}()
		file = walkFile(tx, f)
		return nil
	})
	return tree, file
}

// TestWalkFileFindsWhatTheTreeWalkFinds writes random bytes over the pages
// that hold the data of real store files, one page at a time, and runs
// both walks over each copy: the file walk (what a refresh of a large
// store runs) must report damage wherever the walk through bbolt's
// mapping does, must never panic, and must pass the sound files.
func TestWalkFileFindsWhatTheTreeWalkFinds(t *testing.T) {
	for _, path := range []string{fillSmall(t), fillDeep(t)} {
		if tree, file := walkBoth(t, path); tree != nil || file != nil {
			t.Fatalf("sound file %s: tree walk %v, file walk %v", path, tree, file)
		}
	}
	path := fillDeep(t)
	sound, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var pages []int
	var pageSize int
	b, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	levels := 0
	b.View(func(tx *bolt.Tx) error {
		pageSize = tx.DB().Info().PageSize
		free := tx.Page // the freelist page: Open itself trips over it
		for id := 2; ; id++ {
			p, err := free(id)
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
	b.View(func(tx *bolt.Tx) error {
		levels = tx.Bucket(bucketItems).Stats().Depth
		return nil
	})
	b.Close()
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
		tree, file := walkBoth(t, damagedPath)
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
