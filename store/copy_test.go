package store

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/store/dump"
)

// copyFixture fills a store with what a copy must carry: several sources,
// a story carried by two of them (canonical URL) and one folded as a
// near-duplicate, an update in place, topics built and committed, a pruned
// story (a gap in the ids), and a source switched to links.
func copyFixture(t *testing.T) *DB {
	db := openTest(t, Options{NearDup: aggregator.NearDup{}})
	const srcC = "https://c.example/feed"
	shared := item(srcB, "shared", 5)
	shared.CanonicalURL = "example.org/a1"
	a1 := item(srcA, "a1", 1)
	r := result(srcA, a1, item(srcA, "a2", 2), item(srcA, "old", -100000))
	r.Items[1].Topics = []aggregator.TopicKey{7}
	commit(t, db, r, result(srcB, shared, item(srcB, "b2", 3)))
	commit(t, db, result(srcC,
		nearItem(srcC, "c1", "https://c.example/1", "Plane carrying 72 people crashes in Nepal", wireLede, 0),
		nearItem(srcC, "c2", "https://c.example/2", "Ferry strike called off", ownReport, 10)))
	commit(t, db, result(srcB, nearItem(srcB, "b3", "https://b.example/3", "Nepal plane crash: at least 70 dead as search goes on", wireLedeUpdated, 30)))
	upd := item(srcA, "a2", 2)
	upd.Hash, upd.Title = 99, "Title a2, updated"
	commit(t, db, result(srcA, upd))
	if _, err := db.BuildTopic(context.Background(), 9, func(it *aggregator.Item) bool { return it.Title == "Title b2" }); err != nil {
		t.Fatal(err)
	}
	// A document without GUIDs switches its source to links.
	noGUID := result("https://d.example/feed", raw("https://d.example/feed", "", "https://d.example/1", "D one", 4))
	noGUID.Items[0].Item.Identity = ""
	commit(t, db, noGUID)
	if _, err := db.Prune(context.Background(), aggregator.PruneOptions{Before: t0.Add(-1000 * 60 * 1e9), KeepMin: 0}); err != nil {
		t.Fatal(err)
	}
	return db
}

// outputsOf is what every output of the store shows.
func outputsOf(t *testing.T, db *DB) map[string]any {
	t.Helper()
	states, err := db.SourceStates(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for u := range states {
		urls = append(urls, u)
	}
	out := map[string]any{"states": states}
	out["all"] = selectAll(t, db, aggregator.Selection{Sources: urls})
	out["A"] = selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})
	for _, k := range []aggregator.TopicKey{7, 9} {
		out["topic"+string(rune('0'+k))] = selectAll(t, db, aggregator.Selection{Sources: urls, Topic: k})
		built, _ := db.TopicBuilt(context.Background(), k)
		out["built"+string(rune('0'+k))] = built
	}
	return out
}

func TestDumpAndLoadKeepEveryOutput(t *testing.T) {
	// Keys go to the near index's fresh tail, which a load must merge.
	defer func(n int64) { freshFrom = n }(freshFrom)
	freshFrom = 0
	ctx := context.Background()
	src := copyFixture(t)
	var buf bytes.Buffer
	if err := src.Export(ctx, func(tx dump.ReadTx) error { return dump.Write(ctx, tx, &buf) }); err != nil {
		t.Fatal(err)
	}
	// A dump cut short at a line boundary is refused, and stores nothing.
	lines := bytes.SplitAfter(buf.Bytes(), []byte("\n"))
	for _, cut := range []int{2, len(lines) - 2} {
		short := openTest(t, Options{})
		err := short.Import(ctx, func(tx dump.WriteTx) error {
			return dump.Read(ctx, bytes.NewReader(bytes.Join(lines[:cut], nil)), tx)
		})
		if err == nil || !strings.Contains(err.Error(), "cut short") {
			t.Errorf("a dump cut after %d of %d lines: %v, want a refusal that says it was cut short", cut, len(lines)-1, err)
		}
		if st, _ := short.SourceStates(ctx); len(st) != 0 {
			t.Errorf("a refused dump left %d sources", len(st))
		}
	}
	dst := openTest(t, Options{NearDup: aggregator.NearDup{}})
	if err := dst.Import(ctx, func(tx dump.WriteTx) error { return dump.Read(ctx, bytes.NewReader(buf.Bytes()), tx) }); err != nil {
		t.Fatal(err)
	}
	if inTail, inSpans := nearLayout(t, dst); inTail != 0 || inSpans == 0 {
		t.Errorf("after a load, %d near-duplicate keys wait in the fresh tail and %d are in spans; want all in spans", inTail, inSpans)
	}
	want, got := outputsOf(t, src), outputsOf(t, dst)
	if len(want["all"].([]aggregator.Entry)) < 6 {
		t.Fatalf("fixture too small: %d entries", len(want["all"].([]aggregator.Entry)))
	}
	for k := range want {
		if !reflect.DeepEqual(want[k], got[k]) {
			t.Errorf("%s differs after dump and load:\n got %+v\nwant %+v", k, got[k], want[k])
		}
	}
	g1, _ := src.Generation(ctx)
	g2, _ := dst.Generation(ctx)
	if g1 != g2 || g1 == 0 {
		t.Errorf("generation %d after load, want %d", g2, g1)
	}
	// The copy folds what comes next as the original does: the same
	// item again is no news, a near-duplicate joins, an update updates.
	next := []*aggregator.SourceResult{
		result(srcA, item(srcA, "a1", 1)),
		result("https://e.example/feed", nearItem("https://e.example/feed", "e1", "https://e.example/1", "Plane carrying 72 people crashes in Nepal", wireLede, 20)),
	}
	for _, db := range []*DB{src, dst} {
		st := commit(t, db, next...)
		if st.New != 1 || st.Merged != 1 {
			t.Errorf("%s: after the copy, %+v; want one item, folded into a story", db.Path(), st)
		}
	}
	if want, got := outputsOf(t, src)["all"], outputsOf(t, dst)["all"]; !reflect.DeepEqual(want, got) {
		t.Errorf("outputs differ after folding the same news into both:\n got %+v\nwant %+v", got, want)
	}
	// A second copy into a store that is not empty is refused.
	if err := dst.Import(ctx, func(tx dump.WriteTx) error { return dump.Read(ctx, bytes.NewReader(buf.Bytes()), tx) }); err == nil {
		t.Error("loading into a store that holds sources succeeded")
	}
}

func TestLoadRefusesWhatIsNotADump(t *testing.T) {
	ctx := context.Background()
	for name, data := range map[string]string{
		"empty":        "",
		"not json":     "hello\n",
		"no header":    `{"source":{"url":"https://a.example/"}}` + "\n",
		"other format": `{"header":{"format":"x","version":1}}` + "\n",
		"newer":        `{"header":{"format":"feedloom-dump","version":99}}` + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			db := openTest(t, Options{})
			err := db.Import(ctx, func(tx dump.WriteTx) error { return dump.Read(ctx, bytes.NewReader([]byte(data)), tx) })
			if err == nil {
				t.Fatal("loaded")
			}
			if st, _ := db.SourceStates(ctx); len(st) != 0 {
				t.Errorf("a failed load left %d sources", len(st))
			}
		})
	}
}
