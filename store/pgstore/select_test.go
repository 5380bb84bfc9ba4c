package pgstore

import (
	"fmt"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

// Select reads its index a page at a time; a story carried by two
// selected sources is in the index twice, possibly on two pages. The
// order and the entries must not show the seams.
func TestSelectAcrossPages(t *testing.T) {
	db := openTest(t, Options{})
	const n = 1100
	var a, b []aggregator.Item
	for i := range n {
		ia, ib := item(srcA, fmt.Sprintf("a%d", i), i), item(srcB, fmt.Sprintf("b%d", i), i+1)
		ib.CanonicalURL = ia.CanonicalURL
		a, b = append(a, ia), append(b, ib)
	}
	commit(t, db, result(srcA, a...), result(srcB, b...))
	for _, limit := range []int{0, 1050, 7} {
		es := selectAll(t, db, aggregator.Selection{Sources: []string{srcA, srcB}, Limit: limit})
		want := n
		if limit > 0 {
			want = limit
		}
		if len(es) != want {
			t.Fatalf("limit %d: %d entries, want %d", limit, len(es), want)
		}
		for i, e := range es {
			if wantTitle := fmt.Sprintf("Title a%d", n-1-i); e.Item.Title != wantTitle || len(e.Via) != 1 {
				t.Fatalf("limit %d: entry %d is %q via %d, want %q via 1", limit, i, e.Item.Title, len(e.Via), wantTitle)
			}
		}
	}
}
