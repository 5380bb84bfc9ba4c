package pgstore

import (
	"fmt"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

func TestFeedOfTenThousandItems(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 10,000 items")
	}
	db := openTest(t, Options{NearDup: aggregator.NearDup{}})
	items := make([]aggregator.Item, 10000)
	for i := range items {
		items[i] = raw(srcA, fmt.Sprintf("g%d", i), fmt.Sprintf("https://a.example/p/%d", i), fmt.Sprintf("Post number %d", i), -i)
	}
	if st := poll(t, db, srcA, items...); st.New != 10000 {
		t.Fatalf("stored %d new items, want 10000", st.New)
	}
	if st := poll(t, db, srcA, items...); st.New != 0 || st.Updated != 0 {
		t.Fatalf("second poll %+v, want nothing new", st)
	}
	if got := state(t, db, srcA).ItemsStored; got != 10000 {
		t.Errorf("ItemsStored = %d", got)
	}
	newest := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}, Limit: 3})
	if got := titles(newest); len(got) != 3 || got[0] != "Post number 0" || got[2] != "Post number 2" {
		t.Errorf("newest 3 = %q", got)
	}
	if n := countItems(t, db); n != 10000 {
		t.Errorf("%d items stored, want 10000", n)
	}
}
