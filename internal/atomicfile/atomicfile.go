// Package atomicfile replaces files so that a reader, or the next run
// after a crash, finds the old content or the new one, never a mix or a
// truncated file. It is feedloom's one way of putting a file into place:
// published outputs, the saved OPML file, backups and compacted stores all
// go through Replace.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// TempPrefix and TempInfix name the temporary files: ".NAME.tmp-RANDOM"
// beside NAME, hidden from listings and static hosts' indexes.
const (
	TempPrefix = "."
	TempInfix  = ".tmp-"
)

// IsTemp reports whether base (a file name without folder) is a temporary
// file of Replace, and for which name: ".NAME.tmp-DIGITS".
func IsTemp(base string) (target string, ok bool) {
	if !strings.HasPrefix(base, TempPrefix) {
		return "", false
	}
	i := strings.LastIndex(base, TempInfix)
	if i <= len(TempPrefix) {
		return "", false
	}
	// os.CreateTemp's random part is decimal digits; a file of someone
	// else's such as ".notes.tmp-draft" is left alone.
	random := base[i+len(TempInfix):]
	if random == "" || strings.Trim(random, "0123456789") != "" {
		return "", false
	}
	return base[len(TempPrefix):i], true
}

// Replace puts new content at path. write fills a temporary file in the
// same folder (it may also reopen the file by name, as bbolt does, but
// must close any handle of its own before returning); Replace then syncs
// the file, gives it mode, renames it over path and syncs the folder so
// that the rename itself survives a crash. On any failure, the temporary
// file is removed, path is left as it was, and the error says which step
// failed for which file.
func Replace(path string, mode fs.FileMode, write func(f *os.File) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, TempPrefix+base+TempInfix+"*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				f.Close()
			}
			os.Remove(tmp)
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("write %s: sync: %w", path, err)
	}
	if err = f.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	closed = true
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return SyncDir(dir)
}

// WriteFile replaces path with data, as Replace does.
func WriteFile(path string, data []byte, mode fs.FileMode) error {
	return Replace(path, mode, func(f *os.File) error {
		if _, err := f.Write(data); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	})
}

// SyncDir flushes a folder's entries (a rename) to disk. A file system
// that cannot sync a folder is not an error; any other failure is.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}

// RemoveStale removes the temporary files that a killed Replace of path
// left beside it. Call it only where no other process may be replacing
// path at the same moment (under the caller's lock).
func RemoveStale(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if target, ok := IsTemp(e.Name()); ok && target == base && e.Type().IsRegular() {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// Place moves the finished temporary file tmp (made in path's folder, as
// Replace names them) to path the way Replace does: synced, given mode,
// renamed, its folder synced. On failure tmp is left to the caller.
func Place(tmp, path string, mode fs.FileMode) error {
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err == nil {
		err = f.Chmod(mode)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	return SyncDir(dir)
}
