package store

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func rssFileKB(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "RssFile:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	t.Skip("no RssFile in /proc/self/status")
	return 0
}

// TestReleaseMappingGivesPagesBack: after reading every page of a 40 MB
// database, releasing the mapping drops the file pages from the process's
// resident memory.
func TestReleaseMappingGivesPagesBack(t *testing.T) {
	db := openTest(t, Options{})
	fill40MB(t, db)
	base := rssFileKB(t)
	var sum int
	db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("scratch")).ForEach(func(_, v []byte) error { sum += int(v[0]); return nil })
	})
	touched := rssFileKB(t)
	db.releaseMapping()
	released := rssFileKB(t)
	if sum == 0 {
		t.Fatal("read nothing")
	}
	if touched-base < 20000 {
		t.Skipf("reading the file raised RssFile by only %d KB", touched-base)
	}
	if released-base > (touched-base)/10 {
		t.Errorf("RssFile %d KB before reading, %d after, %d after release: want most of it given back", base, touched, released)
	}
}

// TestTrimMappingInsideATransaction: a write transaction that has read a
// file larger than mappingBudget gives the pages back when it trims, and
// goes on reading correctly afterwards.
func TestTrimMappingInsideATransaction(t *testing.T) {
	db := openTest(t, Options{})
	fill40MB(t, db)
	if residentShared() <= 0 {
		t.Fatal("residentShared found no shared pages in /proc/self/statm")
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("scratch"))
		base := rssFileKB(t)
		read := func() int {
			n := 0
			b.ForEach(func(_, v []byte) error { n += int(v[0]); return nil })
			return n
		}
		first := read()
		touched := rssFileKB(t)
		if (touched-base)*1024 < mappingBudget {
			t.Skipf("reading the file raised RssFile by only %d KB", touched-base)
		}
		db.trimMapping(tx)
		if trimmed := rssFileKB(t); trimmed-base > (touched-base)/10 {
			t.Errorf("RssFile %d KB before reading, %d after, %d after trimming: want most of it given back", base, touched, trimmed)
		}
		if again := read(); again != first {
			t.Errorf("after trimming the transaction read %d, before %d", again, first)
		}
		return b.Put([]byte("after"), []byte("trim"))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// fill40MB writes 10,000 values of 4 KB into a scratch bucket.
func fill40MB(t *testing.T, db *DB) {
	t.Helper()
	val := bytes.Repeat([]byte("x"), 4000)
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("scratch"))
		if err != nil {
			return err
		}
		for i := range 10000 {
			if err := b.Put(u64(uint64(i)), val); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReleaseMappingWhileTheFileGrows: releases from other goroutines
// while the writer grows the file (and bbolt moves the mapping) never
// release memory that is no longer the mapping, and every value reads back
// intact. Under -race it also checks that finding the mapping is
// synchronised with moving it.
func TestReleaseMappingWhileTheFileGrows(t *testing.T) {
	db := openTest(t, Options{})
	val := bytes.Repeat([]byte("v"), 4000)
	done := make(chan struct{})
	var releases sync.WaitGroup
	for range 2 {
		releases.Add(1)
		go func() {
			defer releases.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				db.releaseMapping()
				runtime.Gosched()
			}
		}()
	}
	for batch := range 40 {
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists([]byte("scratch"))
			if err != nil {
				return err
			}
			for i := range 250 {
				if err := b.Put(u64(uint64(batch*250+i)), val); err != nil {
					return err
				}
			}
			db.trimMapping(tx)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	releases.Wait()
	err := db.bolt.View(func(tx *bolt.Tx) error {
		n := 0
		err := tx.Bucket([]byte("scratch")).ForEach(func(_, v []byte) error {
			if !bytes.Equal(v, val) {
				return fmt.Errorf("value %d changed", n)
			}
			n++
			return nil
		})
		if err == nil && n != 40*250 {
			err = fmt.Errorf("%d values, want %d", n, 40*250)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
