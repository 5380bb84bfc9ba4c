package batch

import (
	"errors"
	"testing"
	"time"
)

// heldCommits holds each commit until the test releases it, and says when
// one has started and with what batch.
type heldCommits struct {
	started chan []int
	release chan error
}

func (h *heldCommits) commit(b []int) (int, error) {
	h.started <- b
	return len(b), <-h.release
}

func run(opts Options, h *heldCommits, in <-chan int) (<-chan error, *[]int) {
	var committed []int
	done := make(chan error, 1)
	go func() {
		done <- Run(in, func(int) int { return 1 }, opts, h.commit, func(b []int, n int) {
			if n != len(b) {
				panic("done got another batch's stats")
			}
			committed = append(committed, b...)
		})
	}()
	return done, &committed
}

// Run gathers the next batch while one commits, so what produces the
// results never waits for a commit while the batch has room; a full batch
// waits, so no more than two batches are held. The input channel is
// unbuffered: each send is a result Run took.
func TestGathersTheNextBatchWhileOneCommits(t *testing.T) {
	h := &heldCommits{started: make(chan []int), release: make(chan error)}
	in := make(chan int)
	done, committed := run(Options{Size: 4, Delay: time.Hour, IdleDelay: time.Hour}, h, in)
	send := func(i int) {
		t.Helper()
		select {
		case in <- i:
		case <-time.After(10 * time.Second):
			t.Fatalf("result %d: Run did not take it while a commit ran", i)
		}
	}
	want := func(got []int, from int) {
		t.Helper()
		if len(got) != 4 || got[0] != from || got[3] != from+3 {
			t.Fatalf("commit got %v, want %d to %d", got, from, from+3)
		}
	}
	for i := range 4 {
		send(i)
	}
	want(<-h.started, 0)
	// The first commit is held: Run still takes a batch's worth.
	for i := 4; i < 8; i++ {
		send(i)
	}
	select {
	case in <- 8:
		t.Fatal("Run took a result beyond two batches while a commit ran")
	case <-time.After(100 * time.Millisecond):
	}
	h.release <- nil
	want(<-h.started, 4)
	for i := 8; i < 12; i++ {
		send(i)
	}
	h.release <- nil
	want(<-h.started, 8)
	close(in)
	h.release <- nil
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(*committed) != 12 || (*committed)[11] != 11 {
		t.Errorf("committed %v, want 0 to 11 in order", *committed)
	}
}

// A batch that is not full commits once Delay has passed since its first
// result, and one of results without units only after IdleDelay.
func TestDelays(t *testing.T) {
	h := &heldCommits{started: make(chan []int), release: make(chan error)}
	in := make(chan int)
	done := make(chan error, 1)
	go func() {
		done <- Run(in, func(i int) int { return i }, Options{Size: 100, Delay: time.Millisecond, IdleDelay: time.Hour}, h.commit, func([]int, int) {})
	}()
	in <- 0 // no units: waits IdleDelay
	in <- 1 // a unit: the batch is due in Delay
	if b := <-h.started; len(b) != 2 {
		t.Fatalf("commit got %v, want [0 1]", b)
	}
	h.release <- nil
	in <- 0
	select {
	case b := <-h.started:
		t.Fatalf("a batch without units committed before IdleDelay: %v", b)
	case <-time.After(50 * time.Millisecond):
	}
	close(in)
	if b := <-h.started; len(b) != 1 {
		t.Fatalf("at the end, commit got %v, want [0]", b)
	}
	h.release <- nil
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// A commit's error ends Run at once, and the batch it failed is not
// reported done.
func TestCommitErrorEndsRun(t *testing.T) {
	h := &heldCommits{started: make(chan []int), release: make(chan error)}
	in := make(chan int, 10)
	done, committed := run(Options{Size: 2, Delay: time.Hour, IdleDelay: time.Hour}, h, in)
	in <- 1
	in <- 2
	<-h.started
	h.release <- nil
	in <- 3
	in <- 4
	<-h.started
	disk := errors.New("disk full")
	h.release <- disk
	if err := <-done; !errors.Is(err, disk) {
		t.Fatalf("Run returned %v, want the commit's error", err)
	}
	if len(*committed) != 2 {
		t.Errorf("done got %v, want the first batch only", *committed)
	}
}
