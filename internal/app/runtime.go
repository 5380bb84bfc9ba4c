package app

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"runtime/trace"
	"sync"
	"time"
)

// TuneRuntime trades heap for garbage-collection work: a cold refresh
// allocates quickly while it parses, and with the default GOGC=100 the
// collector costs about a tenth of its CPU. GOGC=200 halves that, and a
// soft limit (memoryLimit) keeps the heap of a large run (1,000 sources)
// from growing with it: near the limit the collector simply runs more
// often, unless the live heap itself comes near it (followLiveHeap). GOGC
// and GOMEMLIMIT in the environment override either. The returned stop
// ends the following; the settings stay.
func TuneRuntime() (stop func()) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	debug.SetMemoryLimit(memoryLimit)
	done := make(chan struct{})
	go followLiveHeap(done)
	return sync.OnceFunc(func() { close(done) })
}

// followLiveHeap keeps the soft limit at least liveHeadroom times the live
// heap, as an average over about a second (liveHeap), until done closes. A
// limit only saves memory while most of the heap is garbage; once the live
// heap stays near it, the collector runs back to back and gives memory back
// only to fault it in again. A cold refresh of 5,000 feeds x 50 items into
// one store keeps 56-82 MB live for most of its run (a transaction's bbolt
// nodes grow with the indexes), and under the fixed 88 MiB it ran the
// collector 33 times a second, which took a third of its CPU. Following the
// live heap it took 133 s instead of 169 s (170 s of user CPU instead of
// 228 s, 7.4 million page faults instead of 11.4), at 384 MB of peak RSS
// instead of 360. A run of 1,000 x 50 is at 31 MB live half the time and
// passes 50 MB only in short peaks, which the average smooths away, so its
// limit stays memoryLimit: following each peak raised its peak RSS by 20-30
// MB for no time saved.
func followLiveHeap(done <-chan struct{}) {
	t := time.NewTicker(liveHeapEvery)
	defer t.Stop()
	var avg liveHeap
	for {
		select {
		case <-done:
			return
		case <-t.C:
			debug.SetMemoryLimit(limitFor(avg.add(readLiveHeap())))
		}
	}
}

// liveHeap is an exponentially weighted average of live-heap samples, each
// weighing an eighth: about a second of samples liveHeapEvery apart.
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

// limitFor is the soft limit for a live heap of live bytes: memoryLimit, or
// liveHeadroom percent of the live heap when that is more.
func limitFor(live int64) int64 { return max(memoryLimit, live*liveHeadroom/100) }

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
// allocations. The returned stop ends them; call it before exiting. A file
// that cannot be written is reported on stderr, and the run goes on.
func StartProfiling() (stop func()) {
	if f := createProfile("FEEDLOOM_CPUPROFILE"); f != nil {
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			profileError("FEEDLOOM_CPUPROFILE", f.Name(), err)
		}
	}
	if f := createProfile("FEEDLOOM_TRACE"); f != nil {
		if err := trace.Start(f); err != nil {
			f.Close()
			profileError("FEEDLOOM_TRACE", f.Name(), err)
		}
	}
	return func() {
		pprof.StopCPUProfile()
		trace.Stop()
		if f := createProfile("FEEDLOOM_MEMPROFILE"); f != nil {
			runtime.GC() // the profile counts what the last collection saw
			err := pprof.Lookup("allocs").WriteTo(f, 0)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				profileError("FEEDLOOM_MEMPROFILE", f.Name(), err)
			}
		}
	}
}

// createProfile creates the file the environment variable env names, or
// returns nil when it names none or the file cannot be created.
func createProfile(env string) *os.File {
	p := os.Getenv(env)
	if p == "" {
		return nil
	}
	f, err := os.Create(p)
	if err != nil {
		profileError(env, p, err)
		return nil
	}
	return f
}

// profileErrors is where profileError reports; tests replace it.
var profileErrors io.Writer = os.Stderr

func profileError(env, path string, err error) {
	fmt.Fprintf(profileErrors, "feedloom: %s=%s: no profile written: %v (name a file in a writable folder)\n", env, path, err)
}
