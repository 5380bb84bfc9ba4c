package store

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestDamagedFreelistReleasesTheLock: bbolt panics in Open on a garbled
// freelist page after it has locked the file. Open reports the damage and
// releases the lock, so a long-running process can open the file again.
func TestDamagedFreelistReleasesTheLock(t *testing.T) {
	path := fillSmall(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.LittleEndian.Uint32(data[pageHeader+8:]))
	for meta := range 2 {
		// The meta's freelist page id follows magic, version, page size,
		// flags and the root bucket.
		fl := int(binary.LittleEndian.Uint64(data[meta*pageSize+pageHeader+32:]))
		for i := range 32 {
			data[fl*pageSize+i] = 0xAB
		}
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Open(path, Options{})
	var de *DamageError
	if !errors.As(err, &de) || !errors.Is(err, ErrDamaged) || strings.Count(err.Error(), path) != 1 {
		t.Fatalf("open: %v; want one DamageError naming the file once", err)
	}
	b, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 200 * time.Millisecond, ReadOnly: true})
	if err != nil {
		t.Fatalf("the file is still locked after the failed open: %v", err)
	}
	b.Close()
}

// TestCheckRecordsFindsADamagedRecord: the walk a refresh of a large
// store runs finds a record whose bytes changed, and passes a sound file.
func TestCheckRecordsFindsADamagedRecord(t *testing.T) {
	path := fillSmall(t)
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if last, _ := db.LastChecked(context.Background()); !last.IsZero() {
		t.Fatalf("checked at %v before any check", last)
	}
	if err := db.CheckRecords(context.Background()); err != nil {
		t.Fatalf("sound file: %v", err)
	}
	if last, err := db.LastChecked(context.Background()); err != nil || time.Since(last) > time.Minute {
		t.Fatalf("last check %v (%v), want now", last, err)
	}
	db.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The check's own commit above rewrote the page that holds the
	// record (with large pages, the small buckets are inline in the
	// root's leaf), so the file can hold a stale copy in a free page
	// before the live one: damage every copy.
	found := 0
	for at := 0; ; at++ {
		n := strings.Index(string(data[at:]), "Title bravo-one")
		if n < 0 {
			break
		}
		at += n
		data[at] ^= 0x20
		found++
	}
	if found == 0 {
		t.Fatal("record not found in the file")
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CheckRecords(context.Background()); !errors.Is(err, ErrDamaged) {
		t.Fatalf("damaged record: %v, want ErrDamaged", err)
	}
}
