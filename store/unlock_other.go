//go:build !unix

package store

import "os"

// unlockFile has nothing to drop here: closing the file releases its lock.
func unlockFile(*os.File) {}
