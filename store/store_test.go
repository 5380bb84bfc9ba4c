package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator/fold"
	bolt "go.etcd.io/bbolt"
)

const srcA, srcB = "https://a.example/feed", "https://b.example/feed"

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, u64(SchemaVersion+1)) })
	db.Close()
	_, err = Open(path, Options{})
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open = %v, want ErrNewerSchema", err)
	}
}

func TestSecondOpenerGetsLockedError(t *testing.T) {
	db := openTest(t, Options{})
	_, err := Open(db.Path(), Options{LockTimeout: 50 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open = %v, want ErrLocked", err)
	}
}

func TestOutputIDIsAStableUUID(t *testing.T) {
	id := fold.OutputID(12345)
	if id != fold.OutputID(12345) || id == fold.OutputID(12346) {
		t.Fatal("OutputID not a function of the story")
	}
	if len(id) != len("urn:uuid:")+36 || id[len("urn:uuid:")+14] != '8' {
		t.Errorf("OutputID = %s, want a version-8 urn:uuid", id)
	}
}

func TestTimeKeyOrdersBefore1970(t *testing.T) {
	a, b := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	if fold.TimeKey(a) >= fold.TimeKey(b) {
		t.Error("1960 sorts after 1980")
	}
	if !fold.TimeOf(fold.TimeKey(a)).Equal(a) {
		t.Error("time key does not round-trip")
	}
}
