package store

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
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
	base := rssFileKB(t)
	var sum int
	db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("scratch")).ForEach(func(_, v []byte) error { sum += int(v[0]); return nil })
	})
	touched := rssFileKB(t)
	db.releaseMapping()
	released := rssFileKB(t)
	fmt.Println(base, touched, released, sum > 0)
	if touched-base < 20000 {
		t.Skipf("reading the file raised RssFile by only %d KB", touched-base)
	}
	if released-base > (touched-base)/10 {
		t.Errorf("RssFile %d KB before reading, %d after, %d after release: want most of it given back", base, touched, released)
	}
}
