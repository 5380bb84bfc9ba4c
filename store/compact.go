package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

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
// compaction). db is closed when Compact returns; open it again to go on.
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
	removeStale(db.path, ".compact-")
	tmp, err := tempPath(db.path, ".compact-")
	if err != nil {
		return st, fmt.Errorf("compact %s: %w", db.path, err)
	}
	ok := false
	defer func() {
		if !ok {
			os.Remove(tmp)
		}
	}()
	dst, err := bolt.Open(tmp, 0o644, &bolt.Options{NoFreelistSync: false, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return st, fmt.Errorf("compact %s: %w", db.path, err)
	}
	if err := ctx.Err(); err != nil {
		dst.Close()
		return st, err
	}
	if err := bolt.Compact(dst, db.bolt, compactTxSize); err != nil {
		dst.Close()
		return st, fmt.Errorf("compact %s: copy: %w", db.path, err)
	}
	if err := dst.Close(); err != nil {
		return st, fmt.Errorf("compact %s: %w", db.path, err)
	}
	if err := verifyFile(tmp); err != nil {
		return st, fmt.Errorf("compact %s: the copy failed its check, the original is unchanged: %w", db.path, err)
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	if err := os.Chmod(tmp, mode); err != nil { // keep the file's mode
		return st, fmt.Errorf("compact %s: %w", db.path, err)
	}
	if err := syncFile(tmp); err != nil {
		return st, fmt.Errorf("compact %s: %w", db.path, err)
	}
	if err := os.Rename(tmp, db.path); err != nil {
		return st, fmt.Errorf("compact %s: %w", db.path, err)
	}
	ok = true
	if err := syncDir(filepath.Dir(db.path)); err != nil {
		return st, fmt.Errorf("compact %s: %w", db.path, err)
	}
	if fi, err := os.Stat(db.path); err == nil {
		st.After = fi.Size()
	}
	return st, nil
}

// tempPath returns a new file name beside path, marked with tag.
func tempPath(path, tag string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+tag+"*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	f.Close()
	return name, nil
}

// removeStale removes temporary files a killed run left beside path.
func removeStale(path, tag string) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), escapeGlob(filepath.Base(path)+tag)+"*"))
	for _, m := range matches {
		os.Remove(m)
	}
}

func escapeGlob(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`)
	return r.Replace(s)
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
		m := tx.Bucket(bucketMeta)
		if m == nil || len(m.Get(keySchema)) != 8 {
			return fmt.Errorf("%w: no schema version", ErrDamaged)
		}
		return checkTx(tx, nil)
	})
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
