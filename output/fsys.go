package output

import (
	"io/fs"
	"os"

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

// WriteFile implements fileSystem with atomicfile.WriteFile: readers see
// the old bytes or the new ones, and the rename survives a crash.
func (osFS) WriteFile(name string, data []byte) error {
	return atomicfile.WriteFile(name, data, fileMode)
}
