//go:build !unix

package output

import "os"

// tryLock has no advisory lock to take on this system: publishes do not
// exclude each other, and leftover temporary files go only by age.
func tryLock(*os.File) (bool, error) { return true, nil }

func unlock(*os.File) {}

// haveLocks says publishes do not exclude each other here.
const haveLocks = false
