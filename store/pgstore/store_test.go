package pgstore

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

func TestSelectNewestFirstAcrossSources(t *testing.T) {
	db := openTest(t, Options{})
	commit(t, db,
		result(srcA, item(srcA, "a1", 1), item(srcA, "a3", 3)),
		result(srcB, item(srcB, "b2", 2), item(srcB, "b4", 4)))

	all := selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}})
	if got, want := titles(all), []string{"Title b4", "Title a3", "Title b2", "Title a1"}; !slices.Equal(got, want) {
		t.Errorf("all = %v, want %v", got, want)
	}
	onlyA := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}, Limit: 1})
	if got, want := titles(onlyA), []string{"Title a3"}; !slices.Equal(got, want) {
		t.Errorf("newest of A = %v, want %v", got, want)
	}
	since := selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}, Since: t0.Add(150 * time.Second)})
	if got, want := titles(since), []string{"Title b4", "Title a3"}; !slices.Equal(got, want) {
		t.Errorf("since = %v, want %v", got, want)
	}
	// A removed source's stories leave the outputs.
	if got := selectAll(t, db, aggregator.Selection{Sources: []string{"https://gone.example/"}}); len(got) != 0 {
		t.Errorf("unknown source selected %d entries", len(got))
	}
}

func TestSameItemTwiceIsStoredOnce(t *testing.T) {
	db := openTest(t, Options{})
	first := commit(t, db, result(srcA, item(srcA, "a1", 1)))
	again := commit(t, db, result(srcA, item(srcA, "a1", 1)))
	if first.New != 1 || again.New != 0 || again.Updated != 0 {
		t.Errorf("first %+v, again %+v: want one new item, then nothing", first, again)
	}
	states, _ := db.SourceStates(context.Background())
	if got := states[srcA].ItemsStored; got != 1 {
		t.Errorf("ItemsStored = %d, want 1", got)
	}
}

func TestUpdateInPlaceKeepsIDAndPosition(t *testing.T) {
	now := t0.Add(time.Hour)
	db := openTest(t, Options{Now: func() time.Time { return now }})
	commit(t, db, result(srcA, item(srcA, "a1", 1), item(srcA, "a2", 2)))
	before := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})

	changed := item(srcA, "a1", 1)
	changed.Title, changed.Hash = "Corrected title", 99
	st := commit(t, db, result(srcA, changed, item(srcA, "a2", 2)))
	if st.Updated != 1 || st.New != 0 {
		t.Fatalf("stats %+v, want 1 updated and 0 new", st)
	}
	after := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})
	if len(after) != 2 {
		t.Fatalf("%d entries after update, want 2", len(after))
	}
	if after[1].ID != before[1].ID || !after[1].Published.Equal(before[1].Published) {
		t.Errorf("updated entry moved: id %s→%s, published %v→%v", before[1].ID, after[1].ID, before[1].Published, after[1].Published)
	}
	if after[1].Item.Title != "Corrected title" || !after[1].Updated.Equal(now) {
		t.Errorf("entry = %q updated %v, want the new title updated at %v", after[1].Item.Title, after[1].Updated, now)
	}
}

func TestSameCanonicalURLIsOneStoryCreditedToBoth(t *testing.T) {
	db := openTest(t, Options{})
	a := item(srcA, "a1", 1)
	b := item(srcB, "b1", 5)
	b.CanonicalURL, b.Link = a.CanonicalURL, "http://www.example.org/a1?utm_source=x"
	st := commit(t, db, result(srcA, a), result(srcB, b))
	if st.New != 2 || st.Merged != 1 {
		t.Errorf("stats %+v, want 2 new of which 1 merged", st)
	}
	all := selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}})
	if len(all) != 1 {
		t.Fatalf("all has %d entries, want 1 story", len(all))
	}
	e := all[0]
	if e.Source.URL != srcA || len(e.Via) != 1 || e.Via[0].Source.URL != srcB || e.Via[0].Link != b.Link {
		t.Errorf("entry source %s via %+v: want %s via %s", e.Source.URL, e.Via, srcA, srcB)
	}
	// B's own output still lists the story, with B as its source.
	onlyB := selectAll(t, db, aggregator.Selection{Sources: []string{srcB}})
	if len(onlyB) != 1 || onlyB[0].Source.URL != srcB || onlyB[0].ID != e.ID {
		t.Errorf("B's output = %+v, want the same story credited to B", onlyB)
	}
}

func TestSameGUIDInTwoSourcesDoesNotCollide(t *testing.T) {
	db := openTest(t, Options{})
	a, b := item(srcA, "same", 1), item(srcB, "same", 2)
	b.Link, b.CanonicalURL = "https://other.example/x", "other.example/x"
	commit(t, db, result(srcA, a), result(srcB, b))
	if got := selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}}); len(got) != 2 {
		t.Errorf("%d entries, want 2: identities are namespaced by source", len(got))
	}
}

func TestTopicMembershipBuildAndIngest(t *testing.T) {
	db := openTest(t, Options{})
	commit(t, db, result(srcA, item(srcA, "war1", 1), item(srcA, "cats", 2)))
	const key = aggregator.TopicKey(42)
	n, err := db.BuildTopic(context.Background(), key, func(it *aggregator.Item) bool { return it.GUID == "war1" })
	if err != nil || n != 1 {
		t.Fatalf("BuildTopic = %d, %v; want 1 story", n, err)
	}
	// New items arrive with their topic matches.
	r := result(srcA, item(srcA, "war2", 3))
	r.Items[0].Topics = []aggregator.TopicKey{key}
	commit(t, db, r)
	got := titles(selectAll(t, db, aggregator.Selection{Sources: []string{srcA}, Topic: key}))
	if want := []string{"Title war2", "Title war1"}; !slices.Equal(got, want) {
		t.Errorf("topic = %v, want %v", got, want)
	}
	// An update that no longer matches withdraws the story.
	upd := item(srcA, "war2", 3)
	upd.Hash = 7
	commit(t, db, result(srcA, upd))
	got = titles(selectAll(t, db, aggregator.Selection{Sources: []string{srcA}, Topic: key}))
	if want := []string{"Title war1"}; !slices.Equal(got, want) {
		t.Errorf("topic after update = %v, want %v", got, want)
	}
	if err := db.DropTopics(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if built, _ := db.TopicBuilt(context.Background(), key); built {
		t.Error("topic still built after DropTopics")
	}
	if got := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}, Topic: key}); len(got) != 0 {
		t.Errorf("dropped topic still has %d entries", len(got))
	}
}

// TestOutputIDsSurviveARebuild: a story's output id comes from its first
// item, not from its storage key, so a database rebuilt from scratch (or
// filled in another order) gives readers the same ids.
func TestOutputIDsSurviveARebuild(t *testing.T) {
	a, b := openTest(t, Options{}), openTest(t, Options{})
	commit(t, a, result(srcA, item(srcA, "a1", 1), item(srcA, "a2", 2)), result(srcB, item(srcB, "b1", 3)))
	commit(t, b, result(srcB, item(srcB, "b1", 3)))
	commit(t, b, result(srcA, item(srcA, "a2", 2), item(srcA, "a1", 1)))
	ids := func(db *DB) map[string]string {
		out := map[string]string{}
		for _, e := range selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}}) {
			out[e.Item.Title] = e.ID
		}
		return out
	}
	if got, want := ids(b), ids(a); !maps.Equal(got, want) || len(got) != 3 {
		t.Errorf("output ids after a rebuild = %v, want %v", got, want)
	}
}
