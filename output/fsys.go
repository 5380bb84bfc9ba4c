package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// fileSystem is what publishing needs from the disk. Publish uses osFS;
// tests substitute one that fails on demand to prove that an interrupted
// publish leaves the previous site complete.
type fileSystem interface {
	ReadFile(name string) ([]byte, error)
	// WriteFile replaces name atomically: readers see the old bytes or
	// the new ones, never a mix or a truncated file.
	WriteFile(name string, data []byte) error
	Remove(name string) error
	MkdirAll(name string) error
}

// osFS is the real file system.
type osFS struct{}

// fileMode is the mode of published files: static hosts and web servers
// running as another user must be able to read them.
const fileMode fs.FileMode = 0o644

// ReadFile implements fileSystem.
func (osFS) ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }

// Remove implements fileSystem.
func (osFS) Remove(name string) error { return os.Remove(name) }

// MkdirAll implements fileSystem.
func (osFS) MkdirAll(name string) error { return os.MkdirAll(name, 0o755) }

// WriteFile implements fileSystem: write a temporary file in the same
// folder, sync it, rename it over name, then sync the folder so the rename
// itself survives a crash. On any failure the temporary file is removed and
// name is left as it was.
func (osFS) WriteFile(name string, data []byte) (err error) {
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Chmod(fileMode); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), name); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir flushes a folder's entries (a rename) to disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, os.ErrInvalid) {
		return nil // some file systems cannot sync a folder
	}
	if err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}
