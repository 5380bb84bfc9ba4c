package app

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestStartProfilingWritesWhatTheEnvironmentAsks checks that the profiles
// named by FEEDLOOM_CPUPROFILE and FEEDLOOM_MEMPROFILE are written, each a
// gzipped pprof profile, once stop has run.
func TestStartProfilingWritesWhatTheEnvironmentAsks(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	t.Setenv("FEEDLOOM_CPUPROFILE", cpu)
	t.Setenv("FEEDLOOM_MEMPROFILE", mem)
	stop := StartProfiling()
	var keep [][]byte
	for range 1000 {
		keep = append(keep, make([]byte, 1<<10))
	}
	stop()
	runtime.KeepAlive(keep)
	for _, p := range []string{cpu, mem} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%s was not written: %v", filepath.Base(p), err)
		}
		if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
			t.Errorf("%s is not a gzipped pprof profile: % x", filepath.Base(p), b[:min(len(b), 8)])
		}
	}
}

// TestLimitFollowsASustainedLiveHeap: the soft limit stays memoryLimit
// while the live heap is small or passes it only in a short peak, and rises
// to liveHeadroom percent of a live heap that stays large.
func TestLimitFollowsASustainedLiveHeap(t *testing.T) {
	const mb = 1 << 20
	var h liveHeap
	for range 50 {
		h.add(31 * mb)
	}
	if got := limitFor(h.avg); got != memoryLimit {
		t.Errorf("at 31 MB live the limit is %d MB, want %d", got/mb, memoryLimit/mb)
	}
	for range 3 {
		h.add(78 * mb) // a commit's short peak
	}
	if got := limitFor(h.avg); got != memoryLimit {
		t.Errorf("after a 300 ms peak of 78 MB live (average %d MB) the limit is %d MB, want %d", h.avg/mb, got/mb, memoryLimit/mb)
	}
	for range 50 {
		h.add(80 * mb)
	}
	if got, want := limitFor(h.avg), int64(80*mb*liveHeadroom/100); got < want*95/100 || got > want {
		t.Errorf("after 5 s at 80 MB live the limit is %d MB, want about %d", got/mb, want/mb)
	}
}

// TestReadLiveHeapSeesWhatIsKept checks the runtime metric the follower
// reads: after a collection, what the test keeps reachable counts.
func TestReadLiveHeapSeesWhatIsKept(t *testing.T) {
	keep := make([]byte, 64<<20)
	for i := range keep {
		keep[i] = byte(i)
	}
	runtime.GC()
	if live := readLiveHeap(); live < int64(len(keep)) {
		t.Errorf("live heap %d bytes with %d kept", live, len(keep))
	}
	runtime.KeepAlive(keep)
}

// TestTuneRuntimeFollowsTheLiveHeap: after TuneRuntime, keeping far more
// than memoryLimit/liveHeadroom live raises the soft limit within seconds,
// and once stopped the follower leaves the limit alone.
func TestTuneRuntimeFollowsTheLiveHeap(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT is set: TuneRuntime leaves the limit to it")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	stop := TuneRuntime()
	keep := make([]byte, 128<<20)
	for i := range keep {
		keep[i] = byte(i)
	}
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) <= memoryLimit && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(50 * time.Millisecond)
	}
	if limit := debug.SetMemoryLimit(-1); limit <= memoryLimit {
		t.Errorf("with 128 MB live the soft limit is still %d MB", limit>>20)
	}
	stop()
	stop() // a second stop is harmless
	const mine = 1 << 40
	debug.SetMemoryLimit(mine)
	time.Sleep(3 * liveHeapEvery)
	if limit := debug.SetMemoryLimit(-1); limit != mine {
		t.Errorf("after stop the follower still set the limit to %d MB", limit>>20)
	}
	runtime.KeepAlive(keep)
}

// TestProfileThatCannotBeWrittenIsReported: a profile named in a folder
// that does not exist is reported with the variable, the path and what to
// do, and the run goes on.
func TestProfileThatCannotBeWrittenIsReported(t *testing.T) {
	var got bytes.Buffer
	defer func(w io.Writer) { profileErrors = w }(profileErrors)
	profileErrors = &got
	bad := filepath.Join(t.TempDir(), "missing", "mem.prof")
	t.Setenv("FEEDLOOM_MEMPROFILE", bad)
	StartProfiling()()
	for _, want := range []string{"FEEDLOOM_MEMPROFILE=" + bad, "no profile written", "writable folder"} {
		if !strings.Contains(got.String(), want) {
			t.Errorf("report %q does not say %q", got.String(), want)
		}
	}
}
