package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/feedloom/feedloom/internal/atomicfile"
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
	atomicfile.RemoveStale(dest)
	err = atomicfile.Replace(dest, 0o644, func(f *os.File) error {
		err := db.view(func(tx *bolt.Tx) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var err error
			n, err = tx.WriteTo(f)
			return err
		})
		if err != nil {
			return fmt.Errorf("backup to %s: %w", dest, err)
		}
		if err := f.Sync(); err != nil {
			return fmt.Errorf("backup to %s: %w", dest, err)
		}
		if err := verifyFile(f.Name()); err != nil {
			return fmt.Errorf("backup to %s: the copy failed its check: %w", dest, err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
