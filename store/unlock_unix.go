//go:build unix

package store

import (
	"os"
	"syscall"
)

// unlockFile drops bbolt's advisory lock on f.
func unlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
