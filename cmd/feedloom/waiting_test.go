package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// silentHost accepts connections on 127.0.0.4 and never answers, as a
// host that hangs does; it counts the connections. (All of 127/8 is
// loopback on Linux; the address differs from the farm's so that the
// per-host limit keeps them apart.)
type silentHost struct {
	net.Listener
	accepted atomic.Int64
	mu       sync.Mutex
	conns    []net.Conn
}

func newSilentHost(t *testing.T) *silentHost {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.4:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.4: %v", err)
	}
	h := &silentHost{Listener: l}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			h.accepted.Add(1)
			h.mu.Lock()
			h.conns = append(h.conns, c)
			h.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		h.mu.Lock()
		for _, c := range h.conns {
			c.Close()
		}
		h.mu.Unlock()
	})
	return h
}

func (h *silentHost) outlines(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "<outline text=\"Silent %d\" xmlUrl=\"http://%s/feed-%d.xml\"/>\n", i, h.Addr(), i)
	}
	return b.String()
}

// startRefresh starts the built binary's refresh with extra arguments.
func startRefresh(t *testing.T, e *e2e, extra ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	bin := buildFeedloom(t)
	var stderr bytes.Buffer
	cmd := exec.Command(bin, append(append(append([]string{}, e.args...), "-v", "refresh"), extra...)...)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd, &stderr
}

// waitExit waits for cmd within limit (far more than it should need) and
// returns its exit code; a run still going at the limit fails the test.
func waitExit(t *testing.T, cmd *exec.Cmd, limit time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(limit):
		cmd.Process.Kill()
		t.Fatalf("%s still running after %s", cmd.Args, limit)
		return -1
	}
}

// TestSilentHostCostsOneTimeout: four sources on a host that never
// answers cost one header timeout, not four; the good sources are
// published; and status answers while the refresh waits on the host.
func TestSilentHostCostsOneTimeout(t *testing.T) {
	silent := newSilentHost(t)
	f := newFarm(t)
	e := newE2E(t, farmOPML(f, 3, silent.outlines(4)))
	cmd, stderr := startRefresh(t, e, "--header-timeout", "3s")
	// Wait until the refresh is waiting on the silent host, then ask for
	// the status: it must answer although the refresh is not done.
	for silent.accepted.Load() == 0 {
		time.Sleep(20 * time.Millisecond)
	}
	code, stdout, serr := e.run("--lock-timeout", "1s", "status", "--json")
	if code != exitOK || !strings.HasPrefix(strings.TrimSpace(stdout), "[") {
		t.Errorf("status while a refresh waits on the network = %d: %s", code, serr)
	}
	if code, _, serr := e.run("--lock-timeout", "1s", "topics", "test", "story"); code != exitOK {
		t.Errorf("topics test while a refresh waits on the network = %d: %s", code, serr)
	}
	if code, _, serr := e.run("--lock-timeout", "1s", "publish"); code != exitOK {
		t.Errorf("publish while a refresh waits on the network = %d: %s", code, serr)
	}
	if cmd.ProcessState != nil {
		t.Fatal("the refresh ended before status ran: the test proves nothing")
	}
	// A second refresh meanwhile is refused, not run beside the first.
	if code, _, serr := e.run("--lock-timeout", "200ms", "refresh"); code != exitFatal || !strings.Contains(serr, "another feedloom refresh") {
		t.Errorf("a second refresh = %d, %q; want 1, another refresh is running", code, serr)
	}
	if code := waitExit(t, cmd, 60*time.Second); code != exitFailures {
		t.Errorf("refresh = %d, want %d (one source failing): %s", code, exitFailures, stderr)
	}
	if n := silent.accepted.Load(); n != 1 {
		t.Errorf("the silent host got %d connections; want 1 (its other sources skipped after the timeout)", n)
	}
	if !strings.Contains(stderr.String(), "3 skipped") {
		t.Errorf("the summary does not report the skipped sources:\n%s", stderr)
	}
	all, _ := os.ReadFile(filepath.Join(e.tmp, "out", "all", "feed.json"))
	for i := range 3 {
		if !strings.Contains(string(all), fmt.Sprintf("Story %d", i)) {
			t.Errorf("good source %d is not published", i)
		}
	}
	// The skipped sources keep their state: never polled, due next run.
	rows := e.status()
	skippedNew := 0
	for u, r := range rows {
		if strings.Contains(u, silent.Addr().String()) && !r.Polled {
			skippedNew++
		}
	}
	if skippedNew != 3 {
		t.Errorf("%d silent sources left unpolled, want 3", skippedNew)
	}
}

// TestDeadlineBoundsARefresh: with --deadline the run stops waiting,
// commits and publishes what it has, and reports the rest.
func TestDeadlineBoundsARefresh(t *testing.T) {
	silent := newSilentHost(t)
	f := newFarm(t)
	e := newE2E(t, farmOPML(f, 2, silent.outlines(1)))
	cmd, stderr := startRefresh(t, e, "--header-timeout", "5m", "--timeout", "10m", "--deadline", "2s")
	code := waitExit(t, cmd, 60*time.Second)
	if code != exitOK {
		t.Errorf("refresh --deadline = %d: %s", code, stderr)
	}
	if !strings.Contains(stderr.String(), "1 not reached before the deadline") {
		t.Errorf("the summary does not report the source not reached:\n%s", stderr)
	}
	all, _ := os.ReadFile(filepath.Join(e.tmp, "out", "all", "feed.json"))
	if !strings.Contains(string(all), "Story 0") || !strings.Contains(string(all), "Story 1") {
		t.Errorf("what was fetched before the deadline is not published:\n%s", all)
	}
}

// TestInterruptCommitsAndExits130: Ctrl-C stores what was fetched and
// exits 130; SIGTERM ends a run that is blocked on the network at once.
func TestInterruptCommitsAndExits130(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			silent := newSilentHost(t)
			f := newFarm(t)
			e := newE2E(t, farmOPML(f, 2, silent.outlines(1)))
			cmd, stderr := startRefresh(t, e, "--header-timeout", "5m", "--timeout", "10m")
			for silent.accepted.Load() == 0 {
				time.Sleep(20 * time.Millisecond)
			}
			// The farm's two sources answer at once; give their batch
			// its commit delay before interrupting.
			time.Sleep(500 * time.Millisecond)
			cmd.Process.Signal(sig)
			if code := waitExit(t, cmd, 30*time.Second); code != exitInterrupted {
				t.Errorf("refresh after %s = %d, want %d: %s", sig, code, exitInterrupted, stderr)
			}
			f.take()
			rows := e.status()
			for i := range 2 {
				if r := rows[fmt.Sprintf("%s/f/%d", f.URL, i)]; !r.Polled {
					t.Errorf("farm source %d was fetched before the signal but not stored", i)
				}
			}
			if req, _, _ := f.take(); req != 0 {
				t.Errorf("status fetched %d documents", req)
			}
		})
	}
}

// TestLocalSourceMustBeARegularFile: a FIFO named as a source is refused
// at once, not read for ever.
func TestLocalSourceMustBeARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "feed.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	e := newE2E(t, `<outline text="Pipe" xmlUrl="file://`+fifo+`"/>`)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	code := run(ctx, append([]string{"feedloom"}, append(e.args, "refresh")...), &out, &errb)
	if ctx.Err() != nil {
		t.Fatal("the refresh blocked on the FIFO")
	}
	if code != exitFailures || !strings.Contains(errb.String(), "named pipe") {
		t.Errorf("refresh of a FIFO source = %d, %q; want 3 and a message naming the pipe", code, errb.String())
	}
}
