package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the database to dest while it stays
// in use: the copy is one read transaction's view, written to a temporary
// file beside dest, synced, checked (it opens and passes bbolt's
// consistency check) and renamed to dest, so dest is never a partial
// copy. It returns the size of the copy.
func (db *DB) Backup(ctx context.Context, dest string) (n int64, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() { err = damaged(db.path, recover(), err) }()
	// A copy of a damaged file is no backup: say so, naming the original.
	if err := db.check(); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if fi, err := os.Stat(dest); err == nil {
		if self, err := os.Stat(db.path); err == nil && os.SameFile(fi, self) {
			return 0, fmt.Errorf("backup %s: that is the database itself; choose another file", dest)
		}
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return 0, fmt.Errorf("backup to %s: %w", dest, err)
	}
	removeStale(dest, ".backup-")
	tmp, err := tempPath(dest, ".backup-")
	if err != nil {
		return 0, fmt.Errorf("backup to %s: %w", dest, err)
	}
	ok := false
	defer func() {
		if !ok {
			os.Remove(tmp)
		}
	}()
	err = db.view(func(tx *bolt.Tx) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			return err
		}
		if n, err = tx.WriteTo(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
	if err != nil {
		return 0, fmt.Errorf("backup to %s: %w", dest, err)
	}
	if err := verifyFile(tmp); err != nil {
		return 0, fmt.Errorf("backup to %s: the copy failed its check: %w", dest, err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		return 0, fmt.Errorf("backup to %s: %w", dest, err)
	}
	ok = true
	if err := syncDir(filepath.Dir(dest)); err != nil {
		return 0, fmt.Errorf("backup to %s: %w", dest, err)
	}
	return n, nil
}
