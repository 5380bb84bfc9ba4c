package store

import (
	"errors"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// transient is the file handle of a DB opened with Options.Transient: the
// file is opened when a transaction needs it and closed when the last one
// using it ends, so a refresh holds bbolt's lock only while it reads its
// states or commits a batch, never across the network waits in between,
// and readers (status, publish, backup) run meanwhile.
type transient struct {
	mu    sync.Mutex
	users int
	b     *bolt.DB
}

// transientWait is how long a transient DB waits for readers to release
// the file before a transaction fails.
const transientWait = 30 * time.Second

// handle returns the bbolt handle for one transaction and its release.
func (db *DB) handle() (*bolt.DB, func(), error) {
	if db.tr == nil {
		return db.bolt, func() {}, nil
	}
	t := db.tr
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.users == 0 {
		// A reader (a publish, a backup) may hold the file for longer
		// than the lock timeout; a refresh that has fetched a batch waits
		// for it rather than lose the batch, up to transientWait.
		opts := db.opts
		wait := max(opts.LockTimeout, transientWait)
		opts.LockTimeout = wait
		b, err := openFile(db.path, opts)
		if err != nil {
			return nil, nil, openError(db.path, opts, err)
		}
		t.b = b
	}
	t.users++
	return t.b, func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.users--; t.users == 0 {
			t.b.Close()
			t.b = nil
		}
	}, nil
}

// openError says why the file did not open: damage, another process
// holding it past the lock timeout, or not a database.
func openError(path string, opts Options, err error) error {
	if d := damaged(path, nil, err); errors.Is(d, ErrDamaged) {
		return d
	}
	if errors.Is(err, berrors.ErrTimeout) {
		return fmt.Errorf("open database %s: %w (waited %s); wait for it to finish or stop it", path, ErrLocked, opts.LockTimeout)
	}
	return fmt.Errorf("open database %s: %w (is it a feedloom database? move it away to start afresh)", path, err)
}
