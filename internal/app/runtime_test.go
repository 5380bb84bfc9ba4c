package app

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
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
	for i := 0; i < 1000; i++ {
		keep = append(keep, make([]byte, 1<<10))
	}
	stop()
	_ = keep
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
