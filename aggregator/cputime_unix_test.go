//go:build unix

package aggregator

import (
	"syscall"
	"time"
)

// processCPUTime returns the user and system CPU time the test process has
// used, so that benchmarks can report CPU time per operation beside the
// wall-clock figure, which a busy shared machine inflates.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
