package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/store"
)

// crashFeeds serves nFeeds RSS feeds whose content moves on one
// generation at a time: each lists crashWindow items, and each generation
// drops the oldest crashStep and adds as many new ones. Every tenth feed
// also carries every third item of the feed before it under its own GUID
// (the same link: one story of two sources).
type crashFeeds struct {
	*httptest.Server
	gen  atomic.Int64
	base time.Time
}

const (
	crashFeedCount = 200
	crashWindow    = 12
	crashStep      = 4
)

func newCrashFeeds(t *testing.T) *crashFeeds {
	f := &crashFeeds{base: time.Now().UTC().Truncate(time.Hour).Add(-30 * 24 * time.Hour)}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *crashFeeds) serve(w http.ResponseWriter, r *http.Request) {
	var n int
	if _, err := fmt.Sscanf(r.URL.Path, "/feeds/%d.xml", &n); err != nil || n < 0 || n >= crashFeedCount {
		http.NotFound(w, r)
		return
	}
	body := f.document(n, int(f.gen.Load()))
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	w.Write(body)
}

// crashWords are the words of the generated items; each item draws its
// own, so no two items are near-duplicates of each other.
var crashWords = strings.Fields(`harbour council ferry bridge strike vote minister budget storm
flood school hospital police court trial election campaign market prices energy winter airport
train delays union talks deal border army drone city region report figures growth jobs housing
rents water supply farmers harvest festival crowds museum library stadium river canal tunnel
orchard bakery brewery factory mine quarry forest glacier island lighthouse castle cathedral
mayor judge teacher nurse pilot sailor miner farmer baker poet singer painter athlete coach`)

func (f *crashFeeds) item(b *strings.Builder, feed, i int, guid string) {
	rng := rand.New(rand.NewPCG(uint64(feed), uint64(i)))
	words := func(n int) string {
		w := make([]string, n)
		for j := range w {
			w[j] = crashWords[rng.IntN(len(crashWords))]
		}
		return strings.Join(w, " ")
	}
	fmt.Fprintf(b, `<item><title>%s</title>
<link>https://news%d.example/%d/story-%d</link><guid isPermaLink="false">%s</guid>
<pubDate>%s</pubDate><description>%s.</description></item>
`, words(7), feed, feed, i, guid, f.base.Add(time.Duration(i)*12*time.Hour).Format(time.RFC1123Z), words(40))
}

func (f *crashFeeds) document(n, gen int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed %d</title><link>https://news%d.example/</link><description>test</description>
`, n, n)
	for i := gen*crashStep + crashWindow - 1; i >= gen*crashStep; i-- {
		f.item(&b, n, i, fmt.Sprintf("feed-%d-item-%d", n, i))
		if n%10 == 1 && i%3 == 0 {
			f.item(&b, n-1, i, fmt.Sprintf("repost-%d-%d", n, i))
		}
	}
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}

func (f *crashFeeds) opml(t *testing.T, dir string) string {
	var b strings.Builder
	for c := range 4 {
		fmt.Fprintf(&b, "<outline text=\"Category %d\">\n", c)
		for n := c; n < crashFeedCount; n += 4 {
			fmt.Fprintf(&b, "  <outline text=\"Feed %d\" xmlUrl=\"%s/feeds/%d.xml\"/>\n", n, f.URL, n)
		}
		b.WriteString("</outline>\n")
	}
	return writeOPML(t, dir, b.String())
}

// crashRun is one feedloom command line against one database.
type crashRun struct {
	bin, opml, db, out string
}

func (r crashRun) args(step string) []string {
	a := []string{"--opml", r.opml, "--db", r.db, "--out", r.out, "--max-items", "50", "--keep-min", "5", "--lock-timeout", "20s"}
	switch step {
	case "refresh":
		// Debug level logs every committed item as JSON (see committed).
		return append(a, "--retention", "0", "--log-level", "debug", "--log-format", "json", "refresh", "--force")
	case "refresh+prune":
		return append(a, "--retention", "240h", "refresh", "--force")
	case "prune":
		return append(a, "--retention", "240h", "prune")
	case "compact":
		return append(a, "compact")
	}
	panic(step)
}

// run runs step to completion and returns how long it took.
func (r crashRun) run(t *testing.T, step string) time.Duration {
	t.Helper()
	start := time.Now()
	out, err := exec.Command(r.bin, r.args(step)...).CombinedOutput()
	if err != nil {
		t.Fatalf("feedloom %s: %v\n%s", step, err, out)
	}
	return time.Since(start)
}

// kill starts step and kills it with SIGKILL after delay; it reports
// whether the kill came before the command finished, and what the command
// wrote on stderr until then.
func (r crashRun) kill(t *testing.T, step string, delay time.Duration) (bool, string) {
	t.Helper()
	cmd := exec.Command(r.bin, r.args(step)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(delay, func() { cmd.Process.Kill() })
	err := cmd.Wait()
	timer.Stop()
	return err != nil && cmd.ProcessState != nil && !cmd.ProcessState.Exited(), stderr.String()
}

// committed returns the items a refresh logged as committed ("source
// identity", as contents names them): each was in a transaction that had
// committed when the line was written.
func committed(t *testing.T, stderr string) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(stderr, "\n") {
		var rec struct {
			Msg    string   `json:"msg"`
			Source string   `json:"source"`
			Items  []string `json:"items"`
		}
		if json.Unmarshal([]byte(line), &rec) != nil || rec.Msg != "committed" {
			continue
		}
		for _, id := range rec.Items {
			out = append(out, rec.Source+" "+id)
		}
	}
	return out
}

// checkAfterKill opens the database as the next run would and checks it:
// bbolt's consistency check, every item in exactly one story, every index
// entry pointing at a live story, no two stories with one canonical URL.
func checkAfterKill(t *testing.T, path, when string) {
	t.Helper()
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		return // killed before the database existed: nothing was committed
	}
	db, err := store.Open(path, store.Options{NearDup: aggregator.NearDup{}, LockTimeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("%s: database does not open: %v", when, err)
	}
	defer db.Close()
	if err := db.Verify(context.Background()); err != nil {
		t.Fatalf("%s: %v", when, err)
	}
}

// contents describes a database as its stories, each the sorted list of
// its items' source and identity, sorted.
func contents(t *testing.T, path string) []string {
	t.Helper()
	db, err := store.Open(path, store.Options{ReadOnly: true, LockTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	err = db.EachStory(context.Background(), func(items []aggregator.Item) error {
		var ids []string
		for _, it := range items {
			ids = append(ids, it.SourceURL+" "+it.Identity)
		}
		slices.Sort(ids)
		out = append(out, strings.Join(ids, " + "))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestKilledAtAnyMomentLosesNothing(t *testing.T) {
	bin := buildFeedloom(t)
	feeds := newCrashFeeds(t)
	tmp := t.TempDir()
	opml := feeds.opml(t, tmp)
	ref := crashRun{bin: bin, opml: opml, db: filepath.Join(tmp, "ref.db"), out: filepath.Join(tmp, "ref-out")}
	crash := crashRun{bin: bin, opml: opml, db: filepath.Join(tmp, "crash.db"), out: filepath.Join(tmp, "crash-out")}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))

	// Each generation of the feeds goes through the same steps on both
	// databases: on the reference uninterrupted, on the other killed at
	// random moments first, then completed.
	plans := [][]string{{"refresh", "prune", "compact"}, {"refresh+prune", "compact"}, {"refresh", "prune"}, {"refresh+prune", "compact"}}
	kills, landed, verified := 0, 0, 0
	for gen, steps := range plans {
		feeds.gen.Store(int64(gen))
		for _, step := range steps {
			took := ref.run(t, step)
			attempts := 2
			if strings.HasPrefix(step, "refresh") {
				attempts = 4
			}
			for a := range attempts {
				// Anywhere in the first three quarters of the time the
				// step took uninterrupted, so most kills land mid-run;
				// every other refresh is killed in its second half, after
				// some batches committed.
				delay := time.Duration(rng.Int64N(int64(took)*3/4 + 1))
				if strings.HasPrefix(step, "refresh") && a%2 == 1 {
					delay = took/2 + time.Duration(rng.Int64N(int64(took)/4+1))
				}
				killed, stderr := crash.kill(t, step, delay)
				if killed {
					landed++
				}
				kills++
				when := fmt.Sprintf("generation %d, %s killed after %v (attempt %d)", gen, step, delay, a)
				checkAfterKill(t, crash.db, when)
				// What the killed run had committed is there, read
				// straight from the store: nothing is fetched again.
				if want := committed(t, stderr); len(want) > 0 {
					verified++
					stored := map[string]bool{}
					for _, s := range contents(t, crash.db) {
						for _, it := range strings.Split(s, " + ") {
							stored[it] = true
						}
					}
					for _, it := range want {
						if !stored[it] {
							t.Fatalf("%s: %q was committed before the kill but is not in the store", when, it)
						}
					}
				}
			}
			crash.run(t, step)
			checkAfterKill(t, crash.db, fmt.Sprintf("generation %d, %s completed", gen, step))
		}
	}
	t.Logf("%d kills, %d of them before the command finished, %d with commits checked in the store", kills, landed, verified)
	if verified == 0 {
		t.Error("no killed refresh had committed anything: the check of committed items never ran")
	}
	if kills < 20 {
		t.Fatalf("only %d kills", kills)
	}
	// A publish killed mid-write leaves temporary files; the completed run
	// after it removes them.
	filepath.WalkDir(crash.out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary file left in the output folder: %s", p)
		}
		return nil
	})
	got, want := contents(t, crash.db), contents(t, ref.db)
	if !slices.Equal(got, want) {
		missing, extra := diff(want, got), diff(got, want)
		t.Fatalf("after the kills the store holds %d stories, the uninterrupted run %d; missing %d (e.g. %q), extra %d (e.g. %q)",
			len(got), len(want), len(missing), first(missing), len(extra), first(extra))
	}
	if len(want) == 0 {
		t.Fatal("the reference run stored nothing")
	}
}

// diff returns the elements of a (sorted) not in b (sorted).
func diff(a, b []string) []string {
	var out []string
	for _, s := range a {
		if _, ok := slices.BinarySearch(b, s); !ok {
			out = append(out, s)
		}
	}
	return out
}

func first(ss []string) []string { return ss[:min(len(ss), 3)] }
