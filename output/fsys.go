package output

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/feedloom/feedloom/internal/atomicfile"
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
	// Exists reports whether the file is there.
	Exists(name string) bool
	// Open opens a published file for reading.
	Open(name string) (io.ReadCloser, error)
	// Place replaces name with the local temporary file tmp, atomically
	// as WriteFile does; tmp is gone afterwards, or left to the caller
	// on failure.
	Place(tmp, name string) error
	// Local reports whether the files are on the local disk, where a
	// file is rendered next to its target and placed by a rename.
	Local() bool
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

// Exists implements fileSystem.
func (osFS) Exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// Open implements fileSystem.
func (osFS) Open(name string) (io.ReadCloser, error) { return os.Open(name) }

// Place implements fileSystem: a rename in the target's own folder.
func (osFS) Place(tmp, name string) error { return atomicfile.Place(tmp, name, fileMode) }

// Local implements fileSystem.
func (osFS) Local() bool { return true }

// MkdirAll implements fileSystem.
func (osFS) MkdirAll(name string) error { return os.MkdirAll(name, 0o755) }

// WriteFile implements fileSystem with atomicfile.WriteFile: readers see
// the old bytes or the new ones, and the rename survives a crash.
func (osFS) WriteFile(name string, data []byte) error {
	return atomicfile.WriteFile(name, data, fileMode)
}

// CheckFolder creates dir if needed and proves it writable, so that a
// refresh fails early, before anything is fetched, when it is not. A
// bucket URL is opened and checked for access instead.
func CheckFolder(dir string) error {
	if IsBucketURL(dir) {
		ctx := context.Background()
		b, err := openBucket(ctx, dir)
		if err != nil {
			return err
		}
		defer b.Close()
		if ok, err := b.IsAccessible(ctx); !ok {
			return fmt.Errorf("--out %s is not accessible (%v): check the bucket's name, the endpoint and the credentials in the environment", redact(dir), err)
		}
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output folder %s cannot be created: %w; choose another --out or fix its permissions", dir, err)
	}
	f, err := os.CreateTemp(dir, ".feedloom-probe-*")
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return fmt.Errorf("output folder %s is not writable; fix its permissions or choose another --out", dir)
		}
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(filepath.Clean(name))
}
