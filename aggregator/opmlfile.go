package aggregator

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrOPMLChanged is returned when the OPML file changed between being read
// and being saved (another editor, another feedloom).
var ErrOPMLChanged = errors.New("the OPML file changed while feedloom was editing it; run the command again")

// SaveOPML replaces the OPML file at path, whose content was old, with
// data. The current file is first kept as path+".bak"; then data goes to
// a temporary file in the same folder, is synced and renamed over path, so
// a crash leaves the old file or the new one, never a mix. The file's mode
// is kept, and a symbolic link is followed (its target is replaced).
func SaveOPML(path string, old, data []byte) error {
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
		return fmt.Errorf("save %s: %w", path, ErrOPMLChanged)
	}
	if err := writeAtomic(real+".bak", old, fi.Mode().Perm()); err != nil {
		return fmt.Errorf("back up %s: %w", path, err)
	}
	if err := writeAtomic(real, data, fi.Mode().Perm()); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return nil
}

// writeAtomic writes data to path through a synced temporary file in the
// same folder and a rename.
func writeAtomic(path string, data []byte, mode os.FileMode) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(mode); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	// Make the rename itself durable; not every system can sync a folder.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
