package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/feedloom/feedloom/internal/cputime"
	bolt "go.etcd.io/bbolt"
)

// benchTopic is the topic the benchmark stores are built with: one item in
// benchTopicEvery matches it, so its newest 100 stories are spread over the
// newest 1,000 items of every store, whatever its size.
const (
	benchTopic      = aggregator.TopicKey(0x70b1c)
	benchTopicEvery = 10
	benchSources    = 100
)

// benchDir holds the benchmark stores; TestMain removes it.
var benchDir struct {
	once sync.Once
	path string
	err  error
}

// benchStores caches one store per size, built once per test process:
// building a million items takes a while.
var benchStores = struct {
	sync.Mutex
	dbs map[int]*DB
}{dbs: map[int]*DB{}}

func TestMain(m *testing.M) {
	code := m.Run()
	benchStores.Lock()
	for _, db := range benchStores.dbs {
		db.Close()
	}
	benchStores.Unlock()
	if benchDir.path != "" {
		os.RemoveAll(benchDir.path)
	}
	os.Exit(code)
}

func benchSourceURL(i int) string { return fmt.Sprintf("https://source%03d.example/feed.xml", i) }

// benchStore returns a store of n small synthetic items (about 200 bytes of
// text each) from benchSources sources, one a minute, built once per
// process by buildBenchStore.
func benchStore(b *testing.B, n int) *DB {
	b.Helper()
	benchStores.Lock()
	defer benchStores.Unlock()
	if db := benchStores.dbs[n]; db != nil {
		return db
	}
	benchDir.once.Do(func() { benchDir.path, benchDir.err = os.MkdirTemp("", "feedloom-topic-bench-") })
	if benchDir.err != nil {
		b.Fatal(benchDir.err)
	}
	start, cpu0 := time.Now(), cputime.Process()
	db, err := Open(filepath.Join(benchDir.path, fmt.Sprintf("items-%d.db", n)), Options{Now: func() time.Time { return benchT0 }})
	if err != nil {
		b.Fatal(err)
	}
	if err := buildBenchStore(db, n); err != nil {
		b.Fatal(err)
	}
	b.Logf("built a store of %d items in %s (%s of CPU)", n, time.Since(start).Round(time.Millisecond), (cputime.Process() - cpu0).Round(time.Millisecond))
	benchStores.dbs[n] = db
	return db
}

var benchT0 = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// benchIncoming is item i as refresh hands it to Commit: one in
// benchTopicEvery matches the benchmark's topic.
func benchIncoming(i int) aggregator.Incoming {
	in := aggregator.Incoming{Item: benchItem(i%benchSources, i, benchT0)}
	if i%benchTopicEvery == 0 {
		in.Topics = []aggregator.TopicKey{benchTopic}
	}
	return in
}

func benchState(s int) aggregator.SourceState {
	return aggregator.SourceState{URL: benchSourceURL(s), Title: fmt.Sprintf("Source %d", s)}
}

// buildBenchStore writes n items, each its own story, straight into the
// buckets, as Commit would file them (TestBenchStoreIsWhatCommitWrites
// checks that), but with the keys of each batch sorted and without the
// fsyncs. Going through Commit costs minutes for a million items: bbolt
// inserts into a node by shifting its entries, and a batch of randomly
// keyed stories lands in few nodes of a young tree.
func buildBenchStore(db *DB, n int) error {
	const batch = 250_000
	type kv struct{ k, v []byte }
	// Durability is not what is measured, and the builder allocates a lot
	// of short-lived memory.
	db.bolt.NoSync, db.bolt.NoGrowSync = true, true
	defer func() { db.bolt.NoSync, db.bolt.NoGrowSync = false, false }()
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		for s := range benchSources {
			st := benchState(s)
			if err := putState(nil, tx, &st); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for lo := 0; lo < n; lo += batch {
		puts := map[string][]kv{}
		put := func(bucket []byte, k, v []byte) { puts[string(bucket)] = append(puts[string(bucket)], kv{k, v}) }
		for i := lo; i < min(lo+batch, n); i++ {
			in := benchIncoming(i)
			it := in.Item
			src := aggregator.SourceIDOf(it.SourceURL)
			seq := uint64(i + 1)
			sid := fold.StoryID(seq)
			t := fold.TimeKey(it.Published)
			rec, err := encode(u64(seq), &fold.ItemRecord{Item: it, Story: sid, Topics: in.Topics})
			if err != nil {
				return err
			}
			story, err := encode(u64(uint64(sid)), &fold.Story{Time: t, Updated: it.Updated, Members: []fold.Member{{Source: src, Seq: seq}}, Key: fold.OutputKey(src, it.Identity)})
			if err != nil {
				return err
			}
			put(bucketItems, u64(seq), rec)
			put(bucketStories, u64(uint64(sid)), story)
			put(bucketByTime, key2(t, sid), nil)
			put(bucketBySource, key3(uint64(src), t, sid), nil)
			put(bucketURLs, urlKey(it.CanonicalURL), u64(uint64(sid)))
			iv := append(u64(seq), u64(fold.LinkHash(&it))...)
			for _, k := range []string{it.Identity, aggregator.GUIDIdentity(&it), aggregator.LinkIdentity(&it)} {
				if k != "" {
					put(bucketIdent, identKey(src, k), iv)
				}
			}
			for _, tk := range in.Topics {
				put(bucketTopics, key3(uint64(tk), t, sid), nil)
			}
		}
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			for name, kvs := range puts {
				byKey := func(a, b kv) int { return bytes.Compare(a.k, b.k) }
				if !slices.IsSortedFunc(kvs, byKey) {
					slices.SortFunc(kvs, byKey)
				}
				bk := tx.Bucket([]byte(name))
				bk.FillPercent = 0.9
				for _, p := range kvs {
					if err := bk.Put(p.k, p.v); err != nil {
						return err
					}
				}
			}
			if err := tx.Bucket(bucketStories).SetSequence(uint64(min(lo+batch, n))); err != nil {
				return err
			}
			return tx.Bucket(bucketItems).SetSequence(uint64(min(lo+batch, n)))
		})
		if err != nil {
			return err
		}
	}
	return db.bolt.Sync()
}

// benchItem is item i of source s: a title, a link and a one-sentence
// summary, published i minutes after t0.
func benchItem(s, i int, t0 time.Time) aggregator.Item {
	id := fmt.Sprintf("item-%07d", i)
	link := fmt.Sprintf("https://source%03d.example/news/%s.html", s, id)
	pub := t0.Add(time.Duration(i) * time.Minute)
	return aggregator.Item{
		SourceURL: benchSourceURL(s), Identity: "guid:" + id, GUID: id,
		Link: link, CanonicalURL: link,
		Title:     fmt.Sprintf("Council approves budget for district %d", i%997),
		Summary:   fmt.Sprintf("<p>The council voted on item %d of the agenda on Tuesday evening.</p>", i),
		Published: pub, Updated: pub, FirstSeen: pub,
		Hash: uint64(i) + 1,
	}
}

// BenchmarkTopicSelect measures what publishing a topic output reads from
// the store: its newest 100 stories, with their items and sources. The
// issue's goal is that a store of a million items costs less than twice
// what a store of ten thousand does. Besides the time per publish it
// reports the CPU time per publish (cpu-ns/op), which a busy machine does
// not inflate. Run with
//
//	go test -run '^$' -bench TopicSelect -benchmem ./store/
func BenchmarkTopicSelect(b *testing.B) {
	var sources []string
	for s := range benchSources {
		sources = append(sources, benchSourceURL(s))
	}
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			db := benchStore(b, n)
			sel := aggregator.Selection{Sources: sources, Topic: benchTopic, Limit: 100}
			b.ReportAllocs()
			cpu0, ops := cputime.Process(), 0
			for b.Loop() {
				es, err := db.Select(context.Background(), sel)
				if err != nil {
					b.Fatal(err)
				}
				if len(es) != 100 {
					b.Fatalf("%d entries, want 100", len(es))
				}
				ops++
			}
			b.ReportMetric(float64(cputime.Process()-cpu0)/float64(ops), "cpu-ns/op")
		})
	}
}
