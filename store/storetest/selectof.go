package storetest

import (
	"cmp"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// selectEachOfIsEachSelections: a store that reads several selections in
// one walk (aggregator.SharedSelector) gives each selection exactly what
// SelectEach gives it, in the same order: the entries of stories carried
// by sources of several selections, whose primary item differs between
// them, ties in time, limits and times to stop at included. A topic's
// selection is refused, and the callback's error stops the walk.
func selectEachOfIsEachSelections(t *testing.T, o opener) {
	h := o.start(t, Options{})
	shared, ok := h.s.(aggregator.SharedSelector)
	if !ok {
		t.Skip("this store reads every selection on its own (it is not an aggregator.SharedSelector)")
	}
	const srcD = "https://d.example/feed"
	// Stories of one source each, some at the same minute; stories that
	// several sources carried (the same link), first seen in A, in B or in
	// C, so that their primary item depends on the selection.
	h.commit(
		result(srcA, item(srcA, "a1", 1), item(srcA, "a3", 3), item(srcA, "a5", 5), item(srcA, "tie-a", 7),
			raw(srcA, "sa", "https://news.example/shared-a", "Shared from A", 9)),
		result(srcB, item(srcB, "b2", 2), item(srcB, "tie-b", 7), item(srcB, "b8", 8),
			raw(srcB, "sb", "https://news.example/shared-b", "Shared from B", 10)))
	h.commit(
		result(srcB, raw(srcB, "sa-b", "https://news.example/shared-a", "Shared (B's copy)", 11)),
		result(srcC, item(srcC, "c4", 4), item(srcC, "tie-c", 7),
			raw(srcC, "sa-c", "https://news.example/shared-a", "Shared (C's copy)", 12),
			raw(srcC, "sb-c", "https://news.example/shared-b", "Shared from B (C's copy)", 13)),
		result(srcD, item(srcD, "d6", 6)))
	since := t0.Add(4*time.Minute + 30*time.Second)
	sels := []aggregator.Selection{
		{Sources: []string{srcA, srcB, srcC, srcD}},
		{Sources: []string{srcC, srcA}},
		{Sources: []string{srcB}},
		{Sources: []string{srcC}},
		{Sources: []string{srcB, srcC}, Limit: 2},
		{Sources: []string{srcA, srcD}, Since: since},
		{Sources: []string{srcD}, Limit: 1, Since: since},
		{},
		{Sources: []string{"https://gone.example/"}},
	}
	got := make([][]aggregator.Entry, len(sels))
	err := shared.SelectEachOf(h.ctx, sels, func(i int, e *aggregator.Entry) error {
		got[i] = append(got[i], *e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	viaOthers := 0
	for i, sel := range sels {
		want := h.sel(sel)
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("selection %d (%+v): one walk gave\n%s\nSelectEach gives\n%s", i, sel, describe(got[i]), describe(want))
		}
		for _, e := range want {
			if len(e.Via) > 0 && e.Item.SourceURL != srcA {
				viaOthers++
			}
		}
	}
	if viaOthers < 3 {
		t.Fatalf("only %d entries have a primary item from B or C and credit others: the test proves less than it says", viaOthers)
	}

	// The callback's error ends the walk, returned as it is.
	calls := 0
	err = shared.SelectEachOf(h.ctx, sels, func(int, *aggregator.Entry) error {
		if calls++; calls == 3 {
			return errStop
		}
		return nil
	})
	if err != errStop || calls != 3 {
		t.Errorf("a callback failing at its third call: %d calls, error %v; want 3 and its own error", calls, err)
	}
	if err := shared.SelectEachOf(h.ctx, []aggregator.Selection{{Sources: []string{srcA}, Topic: 7}}, func(int, *aggregator.Entry) error { return nil }); err == nil {
		t.Error("a topic's selection was read in a shared walk, want an error")
	}
}

// describe lists entries one a line: primary title, source and credits.
func describe(es []aggregator.Entry) string {
	var s string
	for _, e := range es {
		var via []string
		for _, v := range e.Via {
			via = append(via, v.Source.URL)
		}
		s += fmt.Sprintf("  %s (%s, via %v)\n", e.Item.Title, e.Item.SourceURL, via)
	}
	return s
}

// selectWholeThenHeadlines: past a selection's Whole entries a store may
// give only what an archive's headline shows (aggregator.HeadlineOf), and
// those headlines are the ones the whole entries make: titled or not
// (an untitled item's headline shows the start of its text), carried by
// one source or several. The first Whole entries are given whole.
func selectWholeThenHeadlines(t *testing.T, o opener) {
	h := o.start(t, Options{})
	untitled := func(src, id string, minutes int) aggregator.Item {
		it := item(src, id, minutes)
		it.Title, it.Summary = "", "<p>The start of "+id+"'s text, which its headline shows.</p>"
		return it
	}
	h.commit(
		result(srcA, item(srcA, "a1", 1), untitled(srcA, "a2", 2), item(srcA, "a3", 3), untitled(srcA, "a4", 4),
			raw(srcA, "sa", "https://news.example/shared", "Shared", 5), item(srcA, "a6", 6), item(srcA, "a7", 7)),
		result(srcB, raw(srcB, "sb", "https://news.example/shared", "Shared (B)", 8), item(srcB, "b9", 9)))
	for _, sel := range []aggregator.Selection{
		{Sources: []string{srcA, srcB}, Limit: 9, Whole: 2},
		{Sources: []string{srcB, srcA}, Whole: 1},
		{Sources: []string{srcA}, Limit: 4, Whole: 4},
	} {
		whole := sel
		whole.Whole = 0
		want := h.sel(whole)
		got := h.sel(sel)
		if len(got) != len(want) || len(want) < min(5, cmp.Or(sel.Limit, 5)) {
			t.Fatalf("%+v gave %d entries, the same selection whole %d", sel, len(got), len(want))
		}
		for i := range want {
			if i < sel.Whole {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("%+v: entry %d is not whole:\n%+v\nwant\n%+v", sel, i, got[i], want[i])
				}
				continue
			}
			if g, w := aggregator.HeadlineOf(&got[i]), aggregator.HeadlineOf(&want[i]); g != w {
				t.Errorf("%+v: headline %d is\n%+v\nwant\n%+v", sel, i, g, w)
			}
		}
	}
}
