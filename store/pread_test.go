package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// The page reader finds every record bbolt's Get finds, and nothing where
// Get finds nothing, in trees of several levels, with values that
// overflow their page, beside nested and inline buckets, at both page
// sizes a store can have, from the leaves it holds and those it reads.
func TestPageReaderFindsWhatBboltFinds(t *testing.T) {
	for _, psize := range []int{4 << 10, 32 << 10} {
		t.Run(fmt.Sprint(psize), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tree.db")
			b, err := bolt.Open(path, 0o644, &bolt.Options{PageSize: psize})
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			rng := rand.New(rand.NewPCG(1, uint64(psize)))
			err = b.Update(func(tx *bolt.Tx) error {
				big, _ := tx.CreateBucket([]byte("big"))
				for i := range 20000 {
					v := make([]byte, 10+rng.IntN(300))
					if i%997 == 0 {
						v = make([]byte, psize*(1+rng.IntN(3))) // overflows its page
					}
					for j := range v {
						v[j] = byte(rng.Uint32())
					}
					k := fmt.Appendf(nil, "%08x", rng.Uint32())
					if err := big.Put(k, v); err != nil {
						return err
					}
				}
				if _, err := big.CreateBucket([]byte("80000000")); err != nil {
					return err
				}
				small, _ := tx.CreateBucket([]byte("small"))
				return small.Put([]byte("k"), []byte("v"))
			})
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			err = b.View(func(tx *bolt.Tx) error {
				if tx.Bucket([]byte("big")).Stats().Depth < 3 {
					t.Fatalf("the tree has %d levels, want 3 or more", tx.Bucket([]byte("big")).Stats().Depth)
				}
				// Holding the leaves of "big" as those of the stories are held,
				// within a bound of a quarter of them: each key is looked up
				// three times, from held leaves and from read ones.
				defer func(old int) { pageReaderLeaves = old }(pageReaderLeaves)
				st := tx.Bucket([]byte("big")).Stats()
				pageReaderLeaves = st.LeafAlloc / 4
				r := newPageReader(tx, f)
				r.keepLeaves = []byte("big")
				defer func() {
					if r.leaves == 0 || r.leaves > pageReaderLeaves {
						t.Errorf("the reader held %d bytes of leaves, want some, at most %d", r.leaves, pageReaderLeaves)
					}
				}()
				for _, name := range []string{"big", "small"} {
					bk := tx.Bucket([]byte(name))
					var keys [][]byte
					bk.ForEach(func(k, _ []byte) error { keys = append(keys, bytes.Clone(k)); return nil })
					probe := [][]byte{nil, {0}, []byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff")}
					for _, k := range keys {
						probe = append(probe, k, append(bytes.Clone(k), 0), k[:len(k)-1])
					}
					for _, k := range probe {
						got, err := r.get([]byte(name), bk, k)
						if err != nil {
							t.Fatalf("%s %q: %v", name, k, err)
						}
						if want := bk.Get(k); !bytes.Equal(got, want) || (got == nil) != (want == nil) {
							t.Fatalf("%s %q: the page reader found %d bytes, bbolt %d", name, k, len(got), len(want))
						}
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// FuzzPageReader writes the fuzzer's bytes over a data page of a real
// store file (as FuzzWalkFile does) and looks up every key the sound file
// holds: the page reader reports damage or finds a value, and never
// panics, loops or reads past a page.
func FuzzPageReader(f *testing.F) {
	path := filepath.Join("testdata", "walk.db")
	sound, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	keys := map[string][][]byte{}
	b, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		f.Fatal(err)
	}
	b.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
			if bk.Root() == 0 {
				return nil // inline: read through bbolt
			}
			return bk.ForEach(func(k, _ []byte) error {
				keys[string(name)] = append(keys[string(name)], bytes.Clone(k))
				return nil
			})
		})
	})
	b.Close()
	if len(keys[string(bucketItems)]) == 0 {
		f.Fatalf("%s has no items bucket of its own pages", path)
	}
	pages, pageSize, _ := dataPages(f, path)
	f.Add(uint16(0), uint16(0), []byte{0xff, 0xff, 0xff, 0xff})
	f.Add(uint16(1), uint16(8), []byte{1, 0})
	f.Add(uint16(2), uint16(10), []byte{0xff, 0xff})
	f.Add(uint16(3), uint16(20), []byte{0xff, 0xff, 0xff, 0x7f})
	f.Add(uint16(4), uint16(12), []byte{9})
	f.Fuzz(func(t *testing.T, page, at uint16, patch []byte) {
		damaged := writeDamaged(t, sound, pages, pageSize, page, at, patch)
		viewFile(t, damaged, func(tx *bolt.Tx, file *os.File) {
			r := newPageReader(tx, file)
			for name, ks := range keys {
				var bk *bolt.Bucket
				if recovering(func() error { bk = tx.Bucket([]byte(name)); return nil }) != nil || bk == nil || bk.Root() == 0 {
					continue // bbolt's own reading of the root page failed
				}
				for _, k := range ks {
					if _, err := r.get([]byte(name), bk, k); err != nil && !errors.Is(err, ErrDamaged) {
						t.Fatalf("%s %q: an error that is not damage: %v", name, k, err)
					}
				}
			}
		}) // a file bbolt cannot open has nothing to look up
	})
}
