package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/store"
)

var errBrokenOPML = errors.New("feeds.opml:3: malformed XML")

// A store file that does not exist yet is created only once the OPML file
// has loaded: a broken one leaves nothing behind.
func TestLoadAndOpenCreatesNoStoreForABrokenOPML(t *testing.T) {
	name := filepath.Join(t.TempDir(), "feedloom.db")
	opened := false
	_, _, err := LoadAndOpen(name,
		func() (*aggregator.Collection, error) { return nil, errBrokenOPML },
		func() (Store, error) { opened = true; return OpenStore(context.Background(), name, StoreOptions{}) }, nil)
	if !errors.Is(err, errBrokenOPML) {
		t.Errorf("error %v, want the OPML's", err)
	}
	if _, statErr := os.Stat(name); opened || statErr == nil {
		t.Errorf("a broken OPML file opened (%v) or created (%v) the store", opened, statErr)
	}
}

// An existing store file is opened, and warmed, while the OPML file loads;
// when that fails, its error is the one reported and the store is closed
// again (a store left open would keep its file locked).
func TestLoadAndOpenOpensAnExistingStoreBesideTheOPML(t *testing.T) {
	ctx := context.Background()
	name := filepath.Join(t.TempDir(), "feedloom.db")
	db, err := OpenStore(ctx, name, StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	warmed := make(chan struct{})
	open := func() (Store, error) { return OpenStore(ctx, name, StoreOptions{}) }
	warm := func(Store) { close(warmed) }
	// load waits for warm: run one after the other, they would never meet.
	waitWarm := func() error {
		select {
		case <-warmed:
			return nil
		case <-time.After(10 * time.Second):
			return errors.New("the store was not opened while the OPML file loaded")
		}
	}
	col, db, err := LoadAndOpen(name, func() (*aggregator.Collection, error) {
		if err := waitWarm(); err != nil {
			return nil, err
		}
		return &aggregator.Collection{Title: "T"}, nil
	}, open, warm)
	if err != nil || col.Title != "T" || db == nil {
		t.Fatalf("LoadAndOpen: %v, %v, %v", col, db, err)
	}
	db.Close()

	warmed = make(chan struct{})
	_, _, err = LoadAndOpen(name, func() (*aggregator.Collection, error) {
		if err := waitWarm(); err != nil {
			return nil, err
		}
		return nil, errBrokenOPML
	}, open, warm)
	if !errors.Is(err, errBrokenOPML) {
		t.Fatalf("error %v, want the OPML's", err)
	}
	again, err := store.Open(name, store.Options{LockTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("the store was left open: %v", err)
	}
	again.Close()
}

// With a sound OPML file, the store's error is reported.
func TestLoadAndOpenReportsTheStoresError(t *testing.T) {
	name := filepath.Join(t.TempDir(), "feedloom.db")
	if err := os.WriteFile(name, []byte("not a database"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := LoadAndOpen(name,
		func() (*aggregator.Collection, error) { return &aggregator.Collection{}, nil },
		func() (Store, error) { return OpenStore(context.Background(), name, StoreOptions{}) }, nil)
	if err == nil {
		t.Fatal("a file that is not a store opened")
	}
}
