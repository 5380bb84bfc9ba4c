package store

import (
	"bytes"
	"maps"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

// TestRebuildNearIsWhatIngestWrites: the migration's rebuild of the near
// index and the sigs bucket from item records gives exactly what ingest
// wrote, once its fresh tail is merged, and near-duplicates still fold
// afterwards.
func TestRebuildNearIsWhatIngestWrites(t *testing.T) {
	const srcC = "https://c.example/feed"
	db := openTest(t, Options{NearDup: aggregator.NearDup{}})
	wireA := nearItem(srcA, "a1", "https://abc.example/wirestory/nepal-plane-crash-98765", "Plane carrying 72 people crashes in Nepal", wireLede, 0)
	own := nearItem(srcC, "c1", "https://sky.example/story/nepal-plane-crash-13001", "Plane carrying 72 people crashes in Nepal", ownReport, 45)
	commit(t, db, result(srcA, wireA), result(srcC, own))
	mergeAllFresh(t, db)
	before := map[string]map[string][]byte{}
	for _, b := range [][]byte{bucketNear, bucketSigs} {
		before[string(b)] = bucketContents(t, db, b)
		if len(before[string(b)]) == 0 {
			t.Fatalf("bucket %s empty after ingest", b)
		}
	}
	if err := db.bolt.Update(rebuildNear); err != nil {
		t.Fatal(err)
	}
	for _, b := range [][]byte{bucketNear, bucketSigs} {
		if got, want := bucketContents(t, db, b), before[string(b)]; !maps.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("rebuilt %s: %d keys, ingest wrote %d (or values differ)", b, len(got), len(want))
		}
	}
	wireB := nearItem(srcB, "b1", "https://nbc.example/news/world/nepal-crash-n12345", "Nepal plane crash: at least 70 dead as search goes on", wireLedeUpdated, 90)
	if st := commit(t, db, result(srcB, wireB)); st.Merged != 1 {
		t.Errorf("after a rebuild, the wire copy merged %d times, want 1", st.Merged)
	}
}
