package app

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"runtime/trace"
	"time"
)

// TuneRuntime trades heap for garbage-collection work: a cold refresh
// allocates quickly while it parses, and with the default GOGC=100 the
// collector costs about a tenth of its CPU. GOGC=200 halves that, and a
// soft limit (memoryLimit) keeps the heap of a large run (1,000 sources)
// from growing with it: near the limit the collector simply runs more
// often, unless the live heap itself comes near it (followLiveHeap). GOGC
// and GOMEMLIMIT in the environment override either.
func TuneRuntime() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
		go followLiveHeap(memoryLimit, liveHeapEvery)
	}
}

// followLiveHeap keeps the soft limit at least liveHeadroom times the live
// heap, as an average over about a second (liveHeap), checking every
// period. A limit only saves memory while most of the heap is garbage;
// once the live heap stays near it, the collector runs back to back and
// gives memory back only to fault it in again. A cold refresh of 5,000
// feeds x 50 items into one store keeps 56-82 MB live for most of its run
// (a transaction's bbolt nodes grow with the indexes), and under the fixed
// 88 MiB it ran the collector 33 times a second, which took a third of its
// CPU. Following the live heap it took 133 s instead of 169 s (170 s of
// user CPU instead of 228 s, 7.4 million page faults instead of 11.4), at
// 384 MB of peak RSS instead of 360. A run of 1,000 x 50 is at 31 MB live
// half the time and passes 50 MB only in short peaks, which the average
// smooths away, so its limit stays memoryLimit: following each peak raised
// its peak RSS by 20-30 MB for no time saved.
func followLiveHeap(base int64, period time.Duration) {
	var avg liveHeap
	for range time.Tick(period) {
		setMemoryLimit(limitFor(base, avg.add(readLiveHeap())))
	}
}

// liveHeap is an exponentially weighted average of live-heap samples, each
// weighing an eighth: about a second of samples 100 ms apart.
type liveHeap struct{ avg int64 }

func (h *liveHeap) add(live int64) int64 {
	h.avg += (live - h.avg) / 8
	return h.avg
}

// readLiveHeap returns the live heap as the last collection marked it.
func readLiveHeap() int64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(sample[0].Value.Uint64())
}

// setMemoryLimit sets the soft limit when it differs.
func setMemoryLimit(limit int64) {
	if debug.SetMemoryLimit(-1) != limit {
		debug.SetMemoryLimit(limit)
	}
}

// limitFor is the soft limit for a live heap of live bytes: base, or
// liveHeadroom percent of the live heap when that is more.
func limitFor(base, live int64) int64 { return max(base, live*liveHeadroom/100) }

// liveHeadroom is the soft limit's least size, in percent of the live heap;
// liveHeapEvery is how often followLiveHeap looks.
const (
	liveHeadroom  = 175
	liveHeapEvery = 100 * time.Millisecond
)

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
