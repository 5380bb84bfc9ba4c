package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedloom/feedloom/store/pgstore/pgtest"
)

// workerFarm serves feeds on several loopback hosts (127.0.0.21 up) with
// a little latency, counts the requests for each path and the most
// requests one host had in flight at once.
type workerFarm struct {
	hosts    []string
	mu       sync.Mutex
	requests map[string]int
	inFlight map[string]int
	maxIn    int
}

const (
	workerFeeds  = 600
	workerItems  = 5  // items of its own per feed
	workerShared = 50 // stories carried by 12 feeds each
)

func newWorkerFarm(t *testing.T, nHosts int) *workerFarm {
	f := &workerFarm{requests: map[string]int{}, inFlight: map[string]int{}}
	for i := range nHosts {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:0", 21+i))
		if err != nil {
			t.Skipf("cannot listen on loopback alias: %v", err)
		}
		srv := &http.Server{Handler: http.HandlerFunc(f.serve)}
		go srv.Serve(l)
		t.Cleanup(func() { srv.Close() })
		f.hosts = append(f.hosts, l.Addr().String())
	}
	return f
}

func (f *workerFarm) serve(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	f.mu.Lock()
	f.requests[r.URL.Path]++
	f.inFlight[host]++
	f.maxIn = max(f.maxIn, f.inFlight[host])
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight[host]--
		f.mu.Unlock()
	}()
	time.Sleep(40 * time.Millisecond)
	var n int
	fmt.Sscanf(r.URL.Path, "/feed/%d", &n)
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %d</title><link>http://site.test/%d</link>`, n, n)
	for i := range workerItems {
		fmt.Fprintf(&b, `<item><title>Feed %d story %d</title><link>http://site.test/%d/%d</link><guid>%d-%d</guid><pubDate>Mon, 01 Jun 2026 %02d:%02d:00 GMT</pubDate><description>Words %d %d</description></item>`,
			n, i, n, i, n, i, i, n%60, n, i)
	}
	s := n % workerShared
	fmt.Fprintf(&b, `<item><title>Shared story %d</title><link>http://wire.test/%d</link><guid>own-%d-shared</guid><pubDate>Mon, 01 Jun 2026 10:%02d:00 GMT</pubDate></item>`, s, s, n, s)
	b.WriteString(`</channel></rss>`)
	w.Header().Set("Content-Type", "application/rss+xml")
	w.Write([]byte(b.String()))
}

func (f *workerFarm) opml(t *testing.T, dir string) string {
	var b strings.Builder
	b.WriteString("<outline text=\"Workers\">\n")
	for n := range workerFeeds {
		fmt.Fprintf(&b, "  <outline text=\"Feed %d\" xmlUrl=\"http://%s/feed/%d\"/>\n", n, f.hosts[n%len(f.hosts)], n)
	}
	b.WriteString("</outline>\n")
	return writeOPML(t, dir, b.String())
}

// workerRun is one refresh process against the shared store.
func workerRun(t *testing.T, bin, opml, db, out string, extra ...string) *exec.Cmd {
	t.Helper()
	args := append([]string{"--opml", opml, "--db", db, "--out", out, "--max-items", "0", "--lease-time", "3s", "-v", "refresh", "--per-host", "2"}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Stderr = &bytes.Buffer{}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd
}

// checkAllStories reads the all output and fails unless it holds every
// story of the farm exactly once.
func checkAllStories(t *testing.T, out string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "all", "feed.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Items []struct {
			ID  string `json:"id"`
			URL string `json:"url"`
		} `json:"items"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	ids, links := map[string]bool{}, map[string]int{}
	for _, it := range doc.Items {
		if ids[it.ID] {
			t.Errorf("story %s (%s) is in the all output twice", it.ID, it.URL)
		}
		ids[it.ID] = true
		links[it.URL]++
	}
	want := workerFeeds*workerItems + workerShared
	if len(doc.Items) != want || len(links) != want {
		t.Errorf("the all output holds %d entries with %d distinct links; want %d stories, each once", len(doc.Items), len(links), want)
	}
	for s := range workerShared {
		if n := links[fmt.Sprintf("http://wire.test/%d", s)]; n != 1 {
			t.Errorf("the story carried by 12 feeds is in the output %d times, want once", n)
			break
		}
	}
}

// TestWorkersShareAPostgreSQLStore: three refresh processes started
// together split the sources (each fetched exactly once, at most
// --per-host requests per host in flight over all of them) and the output
// holds every story once, although twelve sources in different processes
// carry each shared one; killing a worker mid-run and refreshing again
// after its leases ran out loses and duplicates nothing.
func TestWorkersShareAPostgreSQLStore(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	bin := buildFeedloom(t)
	farm := newWorkerFarm(t, 10)
	tmp := t.TempDir()
	opml := farm.opml(t, tmp)
	out := filepath.Join(tmp, "out")
	var cmds []*exec.Cmd
	for range 3 {
		cmds = append(cmds, workerRun(t, bin, opml, dsn, out))
	}
	for i, cmd := range cmds {
		if code := waitExit(t, cmd, 3*time.Minute); code != exitOK {
			t.Fatalf("worker %d = %d:\n%s", i, code, cmd.Stderr)
		}
	}
	farm.mu.Lock()
	for n := range workerFeeds {
		if got := farm.requests[fmt.Sprintf("/feed/%d", n)]; got != 1 {
			t.Errorf("feed %d was fetched %d times by three workers, want once", n, got)
		}
	}
	if farm.maxIn > 2 {
		t.Errorf("a host had %d requests in flight at once, more than --per-host 2 over all workers", farm.maxIn)
	}
	farm.mu.Unlock()
	polledElsewhere := 0
	for _, cmd := range cmds {
		if strings.Contains(cmd.Stderr.(*bytes.Buffer).String(), "polled by other refreshers") {
			polledElsewhere++
		}
	}
	if polledElsewhere < 2 {
		t.Errorf("only %d workers report sources polled by the others: did they split the work?", polledElsewhere)
	}
	checkAllStories(t, out)

	t.Run("a killed worker's sources are taken over", func(t *testing.T) {
		dsn := pgtest.NewDatabase(t)
		out := filepath.Join(t.TempDir(), "out")
		victim := workerRun(t, bin, opml, dsn, out)
		others := []*exec.Cmd{workerRun(t, bin, opml, dsn, out), workerRun(t, bin, opml, dsn, out)}
		time.Sleep(600 * time.Millisecond)
		victim.Process.Kill()
		if err := victim.Wait(); err == nil {
			t.Fatal("the worker finished before it was killed: the test proves nothing")
		}
		for i, cmd := range others {
			if code := waitExit(t, cmd, 3*time.Minute); code != exitOK {
				t.Fatalf("worker %d = %d:\n%s", i, code, cmd.Stderr)
			}
		}
		time.Sleep(3500 * time.Millisecond) // the victim's leases run out
		again := workerRun(t, bin, opml, dsn, out)
		if code := waitExit(t, again, 3*time.Minute); code != exitOK {
			t.Fatalf("refresh after the kill = %d:\n%s", code, again.Stderr)
		}
		checkAllStories(t, out)
	})
}
