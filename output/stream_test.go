package output

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

// streamedFeed is bigFeed(slug, n, contentBytes, seed), each entry's
// content made its own by a last paragraph, read the way a store gives
// it: every walk makes its entries afresh, one at a time,
// calling made (when set) after making each; the first shown are the
// feed's entries, the rest its archive.
func streamedFeed(slug string, n, contentBytes, seed, shown int, made func(i int)) *aggregator.Feed {
	content := bigContent(contentBytes)
	out := aggregator.Output{Kind: aggregator.KindCategory, Name: "Category " + slug, Slug: slug, Description: "Everything in " + slug}
	owner := aggregator.Person{Name: "Owner", Email: "owner@example.org"}
	f := &aggregator.Feed{Output: out, Title: "Loom — " + slug, Owner: owner, Shown: shown}
	f.Source = func(ctx context.Context, fn func(*aggregator.Entry) error) error {
		for i := range n {
			e := bigEntry(slug, i, seed, content+uniquePara(i))
			if made != nil {
				made(i)
			}
			if err := fn(&e); err != nil {
				return err
			}
		}
		return nil
	}
	return f
}

// uniquePara is the paragraph that makes entry i's content its own.
func uniquePara(i int) string { return "<p>" + itoa(i) + "</p>" }

// TestStreamedFeedPublishesTheSameBytes: a feed whose entries are read
// one at a time publishes exactly what the same feed held in memory does,
// archive page included: one small enough to keep between a walk for its
// facts and one to render (memo), and larger ones, rendered in one walk
// that finds the facts as it goes, with an archive and without.
func TestStreamedFeedPublishesTheSameBytes(t *testing.T) {
	for _, c := range []struct{ n, shown int }{{60, 25}, {memoEntries + 60, memoEntries + 10}, {memoEntries + 20, 0}} {
		t.Run(fmt.Sprintf("%d entries, %d shown", c.n, c.shown), func(t *testing.T) {
			mem := bigFeed("big", c.n, 600, 3)
			for i := range mem.Entries {
				mem.Entries[i].Item.Content += uniquePara(i)
			}
			if c.shown > 0 {
				for i := c.shown; i < c.n; i++ {
					e := &mem.Entries[i]
					mem.Archive = append(mem.Archive, aggregator.Headline{ID: e.ID, Title: e.Item.Title, Link: e.Item.Link, Published: e.Published, Source: e.Source})
				}
				mem.Entries = mem.Entries[:c.shown]
			}
			memDir, streamDir := t.TempDir(), t.TempDir()
			mustPublish(t, memDir, &Site{Title: "Loom", Feeds: []*aggregator.Feed{mem}})
			mustPublish(t, streamDir, &Site{Title: "Loom", Feeds: []*aggregator.Feed{streamedFeed("big", c.n, 600, 3, c.shown, nil)}})
			want, got := snapshot(t, memDir), snapshot(t, streamDir)
			if _, ok := want["big/"+archiveFile]; !ok && c.shown > 0 {
				t.Fatal("the in-memory feed has no archive page")
			}
			sameFiles(t, got, want, "the streamed feed, against the in-memory one")
		})
	}
}

// TestPublishStreamsEntries: every document of an output is written as
// its entries are read, in one walk that also finds the facts its head
// needs. When the feed makes its last entry, the first is already in a
// file of each document on disk; a publish that rendered the documents in
// memory first would have written nothing yet.
func TestPublishStreamsEntries(t *testing.T) {
	const n = 400 // well beyond the write buffers
	dir := t.TempDir()
	firstID := bigEntry("big", 0, 1, "").ID
	walks := 0
	var seen map[string]bool
	f := streamedFeed("big", n, 2000, 1, 0, func(i int) {
		if i == 0 {
			walks++
		}
		if i != n-1 {
			return
		}
		seen = map[string]bool{}
		for _, name := range []string{rssFile, atomFile, jsonFile, htmlFile} {
			tmps, _ := filepath.Glob(filepath.Join(dir, "big", "."+name+".tmp-*"))
			for _, tmp := range tmps {
				data, err := os.ReadFile(tmp)
				if err == nil && (bytes.Contains(data, []byte(firstID)) || bytes.Contains(data, []byte("Story 0 of big"))) {
					seen[name] = true
				}
			}
		}
	})
	mustPublish(t, dir, &Site{Title: "Loom", Feeds: []*aggregator.Feed{f}})
	for _, name := range []string{rssFile, atomFile, jsonFile, htmlFile} {
		if !seen[name] {
			t.Errorf("%s did not hold the first entry when the last was read", name)
		}
	}
	if walks != 1 {
		t.Errorf("the entries were read %d times, want 1 (facts found as they render)", walks)
	}
}

// TestPublishLargeOutputInBoundedMemory publishes an output whose four
// documents together are some 200 MB and checks, while it renders, that
// the heap stays far below that: the entries and the documents are never
// held whole.
func TestPublishLargeOutputInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 200 MB")
	}
	const n, contentBytes = 12000, 4000
	const bound = 64 << 20
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak uint64
	f := streamedFeed("big", n, contentBytes, 1, 0, func(i int) {
		if i%500 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	})
	dir := t.TempDir()
	mustPublish(t, dir, &Site{Title: "Loom", Feeds: []*aggregator.Feed{f}})
	var size int64
	for _, name := range []string{rssFile, atomFile, jsonFile} {
		fi, err := os.Stat(filepath.Join(dir, "big", name))
		if err != nil {
			t.Fatal(err)
		}
		size += fi.Size()
	}
	if size < 3*n*contentBytes {
		t.Fatalf("the documents hold %d bytes, fewer than their entries' content", size)
	}
	if grew := int64(peak) - int64(base); grew > bound {
		t.Errorf("the heap grew by %d MB while publishing %d MB of documents, want at most %d MB", grew>>20, size>>20, bound>>20)
	}
}

// BenchmarkPublishLarge publishes one output of 5,000 entries of 2 kB,
// read one at a time as from a store, into an empty folder: bytes/op is
// what a large publish allocates, and stays far below the documents'
// size because nothing is held whole.
func BenchmarkPublishLarge(b *testing.B) {
	f := streamedFeed("big", 5000, 2000, 1, 0, nil)
	s := &Site{Title: "Loom", Feeds: []*aggregator.Feed{f}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Publish(context.Background(), b.TempDir(), s, testOptions); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBoundedOutputIsReadOnce: an output of a bounded number of entries
// (every output but those publishing everything) is read from the store
// once and rendered from what that walk kept (memo.go); one whose archive
// is too large to keep is read twice. Both publish what the same feed held
// in memory does.
func TestBoundedOutputIsReadOnce(t *testing.T) {
	for _, tc := range []struct {
		name      string
		n, shown  int
		wantWalks int
	}{
		{"bounded", 120, 25, 1},
		{"archive too large to keep", memoHeadlines + 40, 25, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			walks := 0
			f := streamedFeed("big", tc.n, 300, 5, tc.shown, func(i int) {
				if i == 0 {
					walks++
				}
			})
			streamed := t.TempDir()
			mustPublish(t, streamed, &Site{Title: "Loom", Feeds: []*aggregator.Feed{f}})
			if walks != tc.wantWalks {
				t.Errorf("the entries were read %d times, want %d", walks, tc.wantWalks)
			}
			mem := *f
			mem.Source, mem.Shown = nil, 0
			f.Source(context.Background(), func(e *aggregator.Entry) error {
				if len(mem.Entries) < tc.shown {
					mem.Entries = append(mem.Entries, *e)
				} else {
					mem.Archive = append(mem.Archive, aggregator.HeadlineOf(e))
				}
				return nil
			})
			held := t.TempDir()
			mustPublish(t, held, &Site{Title: "Loom", Feeds: []*aggregator.Feed{&mem}})
			want := snapshot(t, held)
			if _, ok := want["big/"+archiveFile]; !ok {
				t.Fatal("the feed has no archive page: the test proves less than it says")
			}
			sameFiles(t, snapshot(t, streamed), want, "the streamed feed, against the feed held in memory")
		})
	}
}

// TestOnePassFailureLeavesTheFolder: an output rendered in one walk that
// fails midway (the store stops answering, or two entries share an id,
// which only the walk finds) publishes nothing: the folder holds what the
// last publish left, with no temporary file beside it.
func TestOnePassFailureLeavesTheFolder(t *testing.T) {
	const n = memoEntries + 50
	errRead := errors.New("store stopped answering")
	for _, c := range []struct {
		name string
		bad  func(f *aggregator.Feed)
		want string
	}{
		{"read fails", func(f *aggregator.Feed) {
			src := f.Source
			f.Source = func(ctx context.Context, fn func(*aggregator.Entry) error) error {
				i := 0
				return src(ctx, func(e *aggregator.Entry) error {
					if i++; i == n-5 {
						return errRead
					}
					return fn(e)
				})
			}
		}, errRead.Error()},
		{"ids repeat", func(f *aggregator.Feed) {
			src := f.Source
			f.Source = func(ctx context.Context, fn func(*aggregator.Entry) error) error {
				first := ""
				return src(ctx, func(e *aggregator.Entry) error {
					if first == "" {
						first = e.ID
					} else if e.Item.Title == "Story 230 of big (1)" {
						e.ID = first
					}
					return fn(e)
				})
			}
		}, "share the id"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			mustPublish(t, dir, &Site{Title: "Loom", Feeds: []*aggregator.Feed{streamedFeed("big", 30, 500, 2, 0, nil)}})
			before := snapshot(t, dir)
			f := streamedFeed("big", n, 500, 1, 0, nil)
			c.bad(f)
			_, err := Publish(context.Background(), dir, &Site{Title: "Loom", Feeds: []*aggregator.Feed{f}}, testOptions)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("publish: %v, want an error saying %q", err, c.want)
			}
			sameFiles(t, snapshot(t, dir), before, "the folder after a failed publish")
		})
	}
}
