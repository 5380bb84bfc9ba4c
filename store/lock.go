package store

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// ErrRefreshRunning is returned by LockRefresh when another refresh holds
// the store.
var ErrRefreshRunning = errors.New("another feedloom refresh is running on this store")

// LockRefresh takes the refresh lock of the store at path: a file beside
// it (path + ".refresh-lock"), locked for as long as the refresh runs. A
// refresh opens the store itself only to commit (Options.Transient), so
// this lock, not bbolt's, keeps two refreshes from running at once. It
// waits up to timeout for another refresh to finish.
func LockRefresh(path string, timeout time.Duration) (unlock func(), err error) {
	name := path + ".refresh-lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("refresh lock %s: %w", name, err)
	}
	deadline := time.Now().Add(timeout)
	for {
		ok, err := tryLockFile(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("refresh lock %s: %w", name, err)
		}
		if ok {
			return func() { unlockFile(f); f.Close() }, nil
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%w (%s, waited %s); wait for it to finish", ErrRefreshRunning, path, timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
