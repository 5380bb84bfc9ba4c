package opml

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/feedloom/feedloom/internal/atomicfile"
)

// ErrChanged is returned when the OPML file changed between being read
// and being saved (another editor, another feedloom).
var ErrChanged = errors.New("the OPML file changed while feedloom was editing it; run the command again")

// Save replaces the OPML file at path, whose content was old, with
// data. The current file is first kept as path+".bak"; then data goes to
// a temporary file in the same folder, is synced and renamed over path, so
// a crash leaves the old file or the new one, never a mix. The file's mode
// is kept, and a symbolic link is followed (its target is replaced).
func Save(path string, old, data []byte) error {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	fi, err := os.Stat(real)
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	current, err := os.ReadFile(real)
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	if !bytes.Equal(current, old) {
		return fmt.Errorf("save %s: %w", path, ErrChanged)
	}
	if err := atomicfile.WriteFile(real+".bak", old, fi.Mode().Perm()); err != nil {
		return fmt.Errorf("back up %s: %w", path, err)
	}
	if err := atomicfile.WriteFile(real, data, fi.Mode().Perm()); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return nil
}
