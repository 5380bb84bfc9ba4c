package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"github.com/feedloom/feedloom/aggregator/fold"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DamageError is a store file that cannot be read as written: a record
// that fails its checksum, an index that points nowhere, a page bbolt
// cannot make sense of (bbolt panics on those; the store turns the panic
// into this error). Every command reports it the same way: the file, what
// is wrong, and what to do.
type DamageError struct {
	Path string
	Err  error
}

func (e *DamageError) Error() string {
	return fmt.Sprintf("store %s is damaged (%v): restore a backup (copies made by `feedloom backup` are checked), or move the file away to start afresh", e.Path, e.Err)
}

// Unwrap gives ErrDamaged and the cause to errors.Is.
func (e *DamageError) Unwrap() []error { return []error{ErrDamaged, e.Err} }

// damaged turns a recovered panic or a damage error into a *DamageError
// naming path; other errors pass through.
func damaged(path string, recovered any, err error) error {
	if recovered != nil {
		return &DamageError{Path: path, Err: fmt.Errorf("bbolt: %v", recovered)}
	}
	var de *DamageError
	if err == nil || errors.As(err, &de) {
		return err
	}
	if errors.Is(err, ErrDamaged) || errors.Is(err, fold.ErrInconsistent) || errors.Is(err, berrors.ErrInvalid) || errors.Is(err, berrors.ErrChecksum) ||
		errors.Is(err, berrors.ErrVersionMismatch) || errors.Is(err, berrors.ErrInvalidMapping) {
		return &DamageError{Path: path, Err: err}
	}
	return err
}

// view runs fn in a read transaction; a panic of bbolt's on a damaged page
// becomes a *DamageError.
//
// A damaged page can also point bbolt outside the file's mapping: with
// SetPanicOnFault that memory fault is a panic too, not a crash.
func (db *DB) view(fn func(*bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() { err = damaged(db.path, recover(), err) }()
	b, release, err := db.handle()
	if err != nil {
		return err
	}
	defer release()
	return b.View(fn)
}

// update runs fn in a write transaction, rolled back on a panic, which
// becomes a *DamageError.
func (db *DB) update(fn func(*bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() { err = damaged(db.path, recover(), err) }()
	b, release, err := db.handle()
	if err != nil {
		return err
	}
	defer release()
	return b.Update(fn)
}

// Check runs bbolt's consistency check over every page and verifies every
// record's checksum: what a command that must not go on with a damaged
// file (refresh, backup, compact) runs first. It reads the whole file, so
// its cost grows with the store (about a second per GB).
func (db *DB) Check(ctx context.Context) error {
	defer db.releaseMapping()
	return db.check()
}

// SmallStore is the file size up to which CheckSmall checks the whole
// file: about a tenth of a second of reading.
const SmallStore = 64 << 20

// CheckSmall runs Check when the file is at most SmallStore bytes, and
// reports whether it did. Commands that read only part of the store
// (publish, status, topics) call it, so damage anywhere in a small store
// is reported however little of it they read; on a larger one they rely
// on what they read being verified (record checksums, index keys against
// their stories, the root's bucket names, both meta pages).
func (db *DB) CheckSmall(ctx context.Context) (bool, error) {
	fi, err := os.Stat(db.path)
	if err != nil || fi.Size() > SmallStore {
		return false, nil
	}
	return true, db.Check(ctx)
}

func (db *DB) check() error {
	if err := checkFreelist(db.path); err != nil {
		return damaged(db.path, nil, err)
	}
	return db.view(func(tx *bolt.Tx) error { return checkTx(tx, db.path) })
}

// CheckRecords is Check without bbolt's own page check, for refreshes of a
// store larger than SmallStore: it walks every bucket and verifies every
// record, reading the file in file order rather than through the mapping
// (walkFile), so its memory stays flat, where bbolt's check keeps the whole
// file resident (a 344 MB store took 354 MB). backup and compact still run
// the full check.
func (db *DB) CheckRecords(ctx context.Context) error {
	if err := checkFreelist(db.path); err != nil {
		return damaged(db.path, nil, err)
	}
	if err := db.view(func(tx *bolt.Tx) error { return walkPath(tx, db.path) }); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyChecked, u64(uint64(db.opts.Now().Unix())))
	})
}

// keyChecked records when CheckRecords last walked the whole store.
var keyChecked = []byte("checked")

// LastChecked returns when CheckRecords last found the store sound (zero
// when never).
func (db *DB) LastChecked(ctx context.Context) (time.Time, error) {
	var t time.Time
	err := db.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyChecked); len(v) == 8 {
			t = time.Unix(int64(be64(v)), 0)
		}
		return nil
	})
	return t, err
}

// checkTx checks every page and record that tx reaches, in the file at
// path: first the file walk (walkFile), which reads bbolt's pages itself
// and so checks every page id, type and bound before bbolt follows any;
// then bbolt's own check (free pages, page ids). bbolt's check runs in a
// goroutine of its own, where a wild page pointer's panic could not be
// recovered, and its cursors loop for ever on some damage: the walk meets
// all of it first, and reports it.
func checkTx(tx *bolt.Tx, path string) error {
	if err := walkPath(tx, path); err != nil {
		return err
	}
	var problems []error
	for err := range tx.Check() {
		problems = append(problems, err)
		if len(problems) == maxProblems {
			break
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %w", ErrDamaged, errors.Join(problems...))
	}
	return nil
}

// sealedBucket reports whether the bucket's records carry checksums.
func sealedBucket(name []byte) bool {
	for _, b := range [][]byte{bucketItems, bucketStories, bucketSources} {
		if string(b) == string(name) {
			return true
		}
	}
	return false
}
