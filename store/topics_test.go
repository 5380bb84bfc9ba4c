package store

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	bolt "go.etcd.io/bbolt"
)

// TestBenchStoreIsWhatCommitWrites keeps BenchmarkTopicSelect honest: the
// store it builds without Commit must hold, in every bucket that
// publishing reads, exactly what Commit would have written, and must
// select the same entries.
func TestBenchStoreIsWhatCommitWrites(t *testing.T) {
	const n = 1200
	direct := openTest(t, Options{Now: func() time.Time { return benchT0 }})
	if err := buildBenchStore(direct, n); err != nil {
		t.Fatal(err)
	}
	committed := openTest(t, Options{Now: func() time.Time { return benchT0 }})
	for lo := 0; lo < n; lo += 500 {
		commit(t, committed, benchResults(lo, min(lo+500, n))...)
	}

	for _, b := range [][]byte{bucketItems, bucketStories, bucketByTime, bucketBySource, bucketTopics, bucketURLs, bucketIdent} {
		t.Run(string(b), func(t *testing.T) {
			got, want := bucketContents(t, direct, b), bucketContents(t, committed, b)
			if len(got) != len(want) {
				t.Fatalf("%d keys, Commit writes %d", len(got), len(want))
			}
			for k, v := range want {
				if g, ok := got[k]; !ok || !bytes.Equal(g, v) {
					t.Fatalf("key %x: %q, Commit writes %q", k, g, v)
				}
			}
		})
	}
	var sources []string
	for s := range benchSources {
		sources = append(sources, benchSourceURL(s))
	}
	for _, sel := range []aggregator.Selection{
		{Sources: sources, Topic: benchTopic},
		{Sources: sources, Limit: 300},
		{Sources: sources[3:4]},
	} {
		got, want := selectAll(t, direct, sel), selectAll(t, committed, sel)
		if len(got) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("Select(%+v): %d entries, Commit's store gives %d (or they differ)", sel.Limit, len(got), len(want))
		}
	}
	// Polling the same items again finds them all stored.
	if st := commit(t, direct, benchResults(0, 500)...); st.New != 0 || st.Updated != 0 {
		t.Errorf("re-committing stored items: %+v; want nothing new or updated", st)
	}
}

// benchResults are items lo to hi as Commit receives them, one result per
// item so that Commit numbers them in order, as buildBenchStore does.
func benchResults(lo, hi int) []*aggregator.SourceResult {
	var out []*aggregator.SourceResult
	for i := lo; i < hi; i++ {
		r := &aggregator.SourceResult{State: benchState(i % benchSources), Parsed: true}
		r.Items = append(r.Items, benchIncoming(i))
		out = append(out, r)
	}
	return out
}

func bucketContents(t *testing.T, db *DB, name []byte) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(name).ForEach(func(k, v []byte) error {
			out[string(k)] = bytes.Clone(v)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
