package store

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/feedloom/feedloom/internal/atomicfile"
	bolt "go.etcd.io/bbolt"
)

// compactTxSize bounds the bytes copied in one transaction of a compaction.
const compactTxSize = 64 << 20

// CompactStats are the file sizes before and after a compaction.
type CompactStats struct {
	Before, After int64
}

// Compact rewrites the database into a new file without its free pages
// and swaps it in. It holds the lock on the original throughout, writes
// the copy to a temporary file in the same folder, syncs it, checks that
// it opens and passes bbolt's consistency check, and renames it over the
// original: a crash at any point leaves either the old file or the new
// one, each complete (a leftover temporary file is removed by the next
// compaction). The copy has pages of pageSize, so compacting a store made
// with smaller ones moves it to the current size. db is closed when Compact
// returns; open it again to go on.
func (db *DB) Compact(ctx context.Context) (st CompactStats, err error) {
	defer db.Close()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() { err = damaged(db.path, recover(), err) }()
	if err := db.check(); err != nil {
		return st, fmt.Errorf("compact: %w", err)
	}
	if db.opts.ReadOnly || db.bolt == nil {
		return st, fmt.Errorf("compact %s: the database is open read-only or transiently", db.path)
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(db.path); err == nil {
		st.Before = fi.Size()
		mode = fi.Mode().Perm()
	}
	atomicfile.RemoveStale(db.path)
	err = atomicfile.Replace(db.path, mode, func(f *os.File) error {
		// bbolt opens the copy by name; this handle only stays for the
		// sync and rename that follow.
		dst, err := bolt.Open(f.Name(), 0o644, &bolt.Options{NoFreelistSync: false, FreelistType: bolt.FreelistMapType, PageSize: pageSize})
		if err != nil {
			return fmt.Errorf("compact %s: %w", db.path, err)
		}
		if err := ctx.Err(); err != nil {
			dst.Close()
			return err
		}
		if err := bolt.Compact(dst, db.bolt, compactTxSize); err != nil {
			dst.Close()
			return fmt.Errorf("compact %s: copy: %w", db.path, err)
		}
		if err := dst.Close(); err != nil {
			return fmt.Errorf("compact %s: %w", db.path, err)
		}
		if err := verifyFile(f.Name()); err != nil {
			return fmt.Errorf("compact %s: the copy failed its check, the original is unchanged: %w", db.path, err)
		}
		return ctx.Err()
	})
	if err != nil {
		return st, err
	}
	if fi, err := os.Stat(db.path); err == nil {
		st.After = fi.Size()
	}
	return st, nil
}

// verifyFile opens a database file read-only and runs bbolt's consistency
// check, feedloom's schema check and every record's checksum on it.
func verifyFile(path string) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() { err = damaged(path, recover(), err) }()
	b, err := openBolt(path, &bolt.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer b.Close()
	if err := checkFreelist(path); err != nil {
		return err
	}
	return b.View(func(tx *bolt.Tx) error {
		if err := checkTx(tx, path); err != nil {
			return err
		}
		if m := tx.Bucket(bucketMeta); m == nil || len(m.Get(keySchema)) != 8 {
			return fmt.Errorf("%w: no schema version", ErrDamaged)
		}
		return nil
	})
}
