//go:build !unix

package store

import "os"

// unlockFile has nothing to drop here: closing the file releases its lock.
func unlockFile(*os.File) {}

// tryLockFile has no advisory lock to take here: refreshes do not exclude
// each other on this system.
func tryLockFile(*os.File) (bool, error) { return true, nil }
