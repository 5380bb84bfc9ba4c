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
// soft limit (memoryLimit) keeps the heap of a large run (1,000 sources)
// from growing with it: near the limit the collector simply runs more
// often. GOGC and GOMEMLIMIT in the environment override either.
func TuneRuntime() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// memoryLimit is the heap's soft limit. A commit of a cold refresh holds
// up to some 45 MB of bbolt's nodes and page buffers while it writes (the
// store's pages are 32 KiB), on top of the pipeline's documents and the store's
// caches, so at 64 MiB a cold refresh of 1,000 x 50 items ran the collector
// 757 times, back to back near the limit, and returned memory to the system
// and faulted it in again: a third of its CPU went to the two. At 88 MiB it
// took 15-17 s instead of 23-24 s, at 154-158 MB of peak RSS instead of
// 142-146 MB (96 MiB: 15 s, 168 MB; no limit: 15-16 s, 239-281 MB); 200 x 50
// items took 2.05 s instead of 2.2-2.4 s.
const memoryLimit = 88 << 20

// StartProfiling starts what the environment asks for, for performance
// work: FEEDLOOM_CPUPROFILE=FILE writes a CPU profile, FEEDLOOM_TRACE=FILE
// an execution trace, FEEDLOOM_MEMPROFILE=FILE the profile of the run's
// allocations. The returned stop ends them; call it before exiting.
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
		if p := os.Getenv("FEEDLOOM_MEMPROFILE"); p != "" {
			if f, err := os.Create(p); err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}
	}
}
