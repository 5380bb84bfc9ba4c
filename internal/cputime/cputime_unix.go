//go:build unix

// Package cputime gives benchmarks the process's CPU time, so that they
// can report CPU time per operation beside the wall-clock figure, which a
// busy shared machine inflates.
package cputime

import (
	"syscall"
	"time"
)

// Process returns the user and system CPU time the process has used.
func Process() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
