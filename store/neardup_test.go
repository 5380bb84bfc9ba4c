package store

import (
	"bytes"
	"maps"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
)

// Hand-written items about one event: a wire story carried by two
// outlets under their own URLs and headlines, and an outlet's own report
// of the same event under a headline identical to the wire copy's.
const (
	wireLede = "KATHMANDU, Nepal (AP) — A passenger plane carrying 72 people crashed into a gorge " +
		"while landing at a newly opened airport in the resort town of Pokhara on Sunday, killing " +
		"at least 68 people, officials said. Rescuers searched the burning wreckage for the four " +
		"people still missing. The Yeti Airlines ATR 72 had flown from the capital, Kathmandu."
	wireLedeUpdated = "KATHMANDU, Nepal (AP) — A passenger plane carrying 72 people crashed into a gorge " +
		"while landing at a newly opened airport in the resort town of Pokhara on Sunday, killing " +
		"at least 70 people, officials said. Rescuers searched the burning wreckage for the two " +
		"people still missing. The Yeti Airlines ATR 72 had flown from the capital, Kathmandu."
	ownReport = "Our correspondent in Pokhara describes scenes of grief at the hospital, where families " +
		"waited through the night for news. Nepal's aviation authority has opened an inquiry into the " +
		"crash, the country's worst in three decades, and grounded the airline's remaining aircraft."
)

func nearItem(src, guid, link, title, text string, minutes int) aggregator.Item {
	it := raw(src, guid, link, title, minutes)
	it.Summary = text
	it.Sig = fingerprint.Of(title, text)
	return it
}

// TestRebuildNearIsWhatIngestWrites: the migration's rebuild of the near
// index and the sigs bucket from item records gives exactly what ingest
// wrote, and near-duplicates still fold afterwards.
func TestRebuildNearIsWhatIngestWrites(t *testing.T) {
	const srcC = "https://c.example/feed"
	db := openTest(t, Options{NearDup: aggregator.NearDup{}})
	wireA := nearItem(srcA, "a1", "https://abc.example/wirestory/nepal-plane-crash-98765", "Plane carrying 72 people crashes in Nepal", wireLede, 0)
	own := nearItem(srcC, "c1", "https://sky.example/story/nepal-plane-crash-13001", "Plane carrying 72 people crashes in Nepal", ownReport, 45)
	commit(t, db, result(srcA, wireA), result(srcC, own))
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
