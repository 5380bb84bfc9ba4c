package output

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/feedloom/feedloom/internal/atomicfile"
)

// claimFolder takes the output folder's publish lock and removes the
// temporary files an earlier publish left.
func claimFolder(ctx context.Context, dir string) (func(), error) {
	release, err := lockOutput(ctx, dir)
	if err != nil {
		return nil, err
	}
	if _, err := removeTempFiles(dir, haveLocks); err != nil {
		release()
		return nil, err
	}
	return release, nil
}

// lockOutput takes the output folder's publish lock, waiting while another
// feedloom publishes there (until ctx ends), and returns its release. The
// lock is an advisory lock on the folder itself, so that while one publish
// holds it no other writes there and every temporary file is a leftover;
// no lock file joins the published site.
func lockOutput(ctx context.Context, dir string) (func(), error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("lock output folder %s: %w: choose a folder this user can write (--out)", dir, err)
	}
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock output folder %s: %w", dir, err)
		}
		if ok {
			return func() { unlock(f); f.Close() }, nil
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("another feedloom is publishing to %s: %w", dir, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// removeTempFiles deletes the temporary files a publish that was killed
// midway left in dir and its output folders (one level down, where
// feedloom writes; deeper folders are left alone). It runs under the publish
// lock, so none of them belongs to a publish still running; where there is
// no such lock (see tryLock) only files older than staleAfter go.
func removeTempFiles(dir string, locked bool) (removed int, err error) {
	const staleAfter = time.Hour
	walkErr := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			// feedloom writes the top folder and one level of output
			// folders; whatever else lives deeper is not its business.
			if rel, _ := filepath.Rel(dir, p); strings.Count(filepath.ToSlash(rel), "/") >= 1 {
				return fs.SkipDir
			}
			return nil
		}
		if _, ok := atomicfile.IsTemp(d.Name()); !ok {
			return nil
		}
		if !locked {
			if fi, err := d.Info(); err != nil || time.Since(fi.ModTime()) < staleAfter {
				return nil
			}
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removed++
		return nil
	})
	if walkErr != nil {
		return removed, fmt.Errorf("remove leftover temporary files in %s: %w", dir, walkErr)
	}
	return removed, nil
}
