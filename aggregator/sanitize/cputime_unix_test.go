//go:build unix

package sanitize

import (
	"syscall"
	"time"
)

// processCPUTime returns the user and system CPU time the test process has
// used. Benchmarks report throughput per CPU second beside the usual wall
// clock figure, which a busy shared machine inflates.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
