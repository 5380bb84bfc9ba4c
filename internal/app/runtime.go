package app

import (
	"os"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
)

// TuneRuntime trades heap for garbage-collection work: a cold refresh
// allocates quickly while it parses, and with the default GOGC=100 the
// collector costs about a tenth of its CPU. GOGC=200 halves that, and a
// soft limit of 64 MiB keeps the heap of a large run (1,000 sources) from
// growing with it: near the limit the collector simply runs more often.
// GOGC and GOMEMLIMIT in the environment override either.
func TuneRuntime() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64 << 20)
	}
}

// StartProfiling starts what the environment asks for, for performance
// work: FEEDLOOM_CPUPROFILE=FILE writes a CPU profile, FEEDLOOM_TRACE=FILE
// an execution trace. The returned stop ends both; call it before exiting.
func StartProfiling() (stop func()) {
	if p := os.Getenv("FEEDLOOM_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			pprof.StartCPUProfile(f)
		}
	}
	if p := os.Getenv("FEEDLOOM_TRACE"); p != "" {
		if f, err := os.Create(p); err == nil {
			trace.Start(f)
		}
	}
	return func() {
		pprof.StopCPUProfile()
		trace.Stop()
	}
}
