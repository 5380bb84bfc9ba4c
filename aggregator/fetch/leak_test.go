package fetch

import (
	"runtime"
	"testing"
	"time"
)

// noLeak records the goroutine count and returns a check that fails the
// test when more goroutines remain at the end. Exiting goroutines take a
// moment to be counted out, so the check waits for them (up to a bound)
// instead of asserting at once.
func noLeak(t *testing.T) func() {
	t.Helper()
	before := runtime.NumGoroutine()
	return func() {
		t.Helper()
		n := 0
		for range 500 {
			if n = runtime.NumGoroutine(); n <= before {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Errorf("%d goroutines before, %d after: leaked\n%s", before, n, buf)
	}
}
