package storetest

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
)

var selectBehaviours = []behaviour{
	{"NewestFirstAcrossSources", selectNewestFirst},
	{"CategoryIsASubsetOfSources", selectCategory},
	{"LimitAndSince", selectLimitAndSince},
	{"TiesByStoryAreStable", selectTies},
	{"DatesBefore1970", selectBefore1970},
	{"TimesKeepTheirNanoseconds", selectNanoseconds},
	{"PrimaryItemAndVia", selectPrimaryAndVia},
	{"OutputIDsComeFromTheFirstItem", selectOutputIDs},
	{"EachStopsAtTheCallersError", selectEachStops},
	{"EachEntryIsTheCallersToKeep", selectEachKeeps},
	{"EachOfIsEachSelections", selectEachOfIsEachSelections},
	{"WholeThenHeadlines", selectWholeThenHeadlines},
}

// errStop is the error a SelectEach callback stops the walk with.
var errStop = errors.New("caller stops")

func selectEachStops(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.commit(result(srcA, item(srcA, "a1", 1), item(srcA, "a2", 2), item(srcA, "a3", 3)))
	for _, sel := range []aggregator.Selection{{Sources: []string{srcA}}, {Sources: []string{srcA}, Limit: 3}} {
		var got []string
		err := h.s.SelectEach(h.ctx, sel, func(e *aggregator.Entry) error {
			got = append(got, e.Item.Title)
			if len(got) == 2 {
				return errStop
			}
			return nil
		})
		if err != errStop {
			t.Errorf("SelectEach(%+v) = %v, want the callback's own error, unwrapped", sel, err)
		}
		if want := []string{"Title a3", "Title a2"}; !slices.Equal(got, want) {
			t.Errorf("SelectEach(%+v) gave %q, want %q and no more", sel, got, want)
		}
	}
	// The store is still usable: the walk's read ended with it.
	if got := titles(h.of(srcA)); len(got) != 3 {
		t.Errorf("after a stopped walk, select gives %q", got)
	}
}

// selectEachKeeps proves that an entry SelectEach hands over is the
// caller's to keep: a later one does not overwrite it, and the walk gives
// the same entries in the same order as a limited selection.
func selectEachKeeps(t *testing.T, o opener) {
	h := o.start(t, Options{})
	var items []aggregator.Item
	for i := range 50 {
		items = append(items, item(srcA, "s"+strconv.Itoa(i), i+1))
	}
	h.commit(result(srcA, items...))
	var kept []*aggregator.Entry
	err := h.s.SelectEach(h.ctx, aggregator.Selection{Sources: []string{srcA}}, func(e *aggregator.Entry) error {
		kept = append(kept, e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(kept) != 50 {
		t.Fatalf("gave %d entries, want 50", len(kept))
	}
	for i, e := range kept {
		if want := "Title s" + strconv.Itoa(49-i); e.Item.Title != want {
			t.Errorf("entry %d kept by the caller is %q, want %q", i, e.Item.Title, want)
		}
	}
	if want := h.sel(aggregator.Selection{Sources: []string{srcA}, Limit: 10}); len(want) != 10 || want[0].ID != kept[0].ID || want[9].ID != kept[9].ID {
		t.Errorf("a limit of 10 gave %d entries, not the first 10 of the walk", len(want))
	}
}

func selectNewestFirst(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.commit(
		result(srcA, item(srcA, "a1", 1), item(srcA, "a3", 3)),
		result(srcB, item(srcB, "b2", 2), item(srcB, "b4", 4)))

	if got, want := titles(h.of(srcA, srcB)), []string{"Title b4", "Title a3", "Title b2", "Title a1"}; !slices.Equal(got, want) {
		t.Errorf("all = %q, want %q", got, want)
	}
	onlyA := h.sel(aggregator.Selection{Sources: []string{srcA}, Limit: 1})
	if got, want := titles(onlyA), []string{"Title a3"}; !slices.Equal(got, want) {
		t.Errorf("newest of A = %q, want %q", got, want)
	}
	since := h.sel(aggregator.Selection{Sources: []string{srcA, srcB}, Since: t0.Add(150 * time.Second)})
	if got, want := titles(since), []string{"Title b4", "Title a3"}; !slices.Equal(got, want) {
		t.Errorf("since = %q, want %q", got, want)
	}
	// A removed source's stories leave the outputs.
	if got := h.of("https://gone.example/"); len(got) != 0 {
		t.Errorf("an unknown source selected %q, want nothing", titles(got))
	}
	if got := h.of(); len(got) != 0 {
		t.Errorf("a selection of no sources gave %q, want nothing", titles(got))
	}
}

func selectCategory(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.commit(
		result(srcA, item(srcA, "a1", 1), item(srcA, "a4", 4)),
		result(srcB, item(srcB, "b2", 2), item(srcB, "b5", 5)),
		result(srcC, item(srcC, "c3", 3)))
	want := []string{"Title a4", "Title c3", "Title a1"}
	for _, sources := range [][]string{{srcA, srcC}, {srcC, srcA}} {
		if got := titles(h.of(sources...)); !slices.Equal(got, want) {
			t.Errorf("category of %q = %q, want %q: only its sources' stories, newest first", sources, got, want)
		}
	}
}

func selectLimitAndSince(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.commit(result(srcA, item(srcA, "a1", 1), item(srcA, "a2", 2), item(srcA, "a3", 3), item(srcA, "a4", 4), item(srcA, "a5", 5)))
	tests := []struct {
		name string
		sel  aggregator.Selection
		want []string
	}{
		{"no limit", aggregator.Selection{}, []string{"a5", "a4", "a3", "a2", "a1"}},
		{"limit", aggregator.Selection{Limit: 2}, []string{"a5", "a4"}},
		{"limit beyond the stories", aggregator.Selection{Limit: 10}, []string{"a5", "a4", "a3", "a2", "a1"}},
		{"since, a story at the cut included", aggregator.Selection{Since: t0.Add(3 * time.Minute)}, []string{"a5", "a4", "a3"}},
		{"since and limit", aggregator.Selection{Since: t0.Add(3 * time.Minute), Limit: 2}, []string{"a5", "a4"}},
		{"since after every story", aggregator.Selection{Since: t0.Add(6 * time.Minute)}, nil},
	}
	for _, tt := range tests {
		tt.sel.Sources = []string{srcA}
		var got []string
		for _, e := range h.sel(tt.sel) {
			got = append(got, e.Item.GUID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// selectTies: stories at the same time are ordered by story, the one
// stored later first, the same way in every selection.
func selectTies(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.commit(result(srcA, item(srcA, "x1", 0), item(srcA, "x2", 0)))
	h.commit(result(srcB, item(srcB, "y", 0), item(srcB, "older", -1), item(srcB, "newer", 1)))
	want := []string{"Title newer", "Title y", "Title x2", "Title x1", "Title older"}
	for i := range 3 {
		if got := titles(h.of(srcA, srcB)); !slices.Equal(got, want) {
			t.Fatalf("selection %d = %q, want %q: ties newest-stored first, every time", i, got, want)
		}
	}
	if got := titles(h.sel(aggregator.Selection{Sources: []string{srcB, srcA}, Limit: 3})); !slices.Equal(got, want[:3]) {
		t.Errorf("limit 3 = %q, want %q: the start of the full order", got, want[:3])
	}
	if got := titles(h.of(srcA)); !slices.Equal(got, []string{"Title x2", "Title x1"}) {
		t.Errorf("A alone = %q, want x2 then x1", got)
	}
}

func selectBefore1970(t *testing.T, o opener) {
	h := o.start(t, Options{})
	at := func(id string, year int) aggregator.Item {
		it := item(srcA, id, 0)
		it.Published = time.Date(year, 6, 1, 0, 0, 0, 0, time.UTC)
		return it
	}
	h.commit(result(srcA, at("y1980", 1980), at("y2026", 2026), at("y1960", 1960)))
	es := h.of(srcA)
	if got, want := titles(es), []string{"Title y2026", "Title y1980", "Title y1960"}; !slices.Equal(got, want) {
		t.Fatalf("order %q, want %q: times before 1970 sort before later ones", got, want)
	}
	if p := es[2].Published; !p.Equal(time.Date(1960, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("1960 story published %v", p)
	}
	since := h.sel(aggregator.Selection{Sources: []string{srcA}, Since: time.Unix(0, 0)})
	if got, want := titles(since), []string{"Title y2026", "Title y1980"}; !slices.Equal(got, want) {
		t.Errorf("since 1970 = %q, want %q", got, want)
	}
}

// selectNanoseconds: times are kept to the nanosecond, in the order of
// stories as in the items.
func selectNanoseconds(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.now = t0.Add(time.Hour + 123456789*time.Nanosecond)
	later, earlier := item(srcA, "later", 0), item(srcA, "earlier", 0)
	later.Published = t0.Add(time.Nanosecond)
	h.commit(result(srcA, later, earlier))
	es := h.of(srcA)
	if got, want := titles(es), []string{"Title later", "Title earlier"}; !slices.Equal(got, want) {
		t.Fatalf("order %q, want %q: a story one nanosecond later is newer", got, want)
	}
	if !es[0].Published.Equal(later.Published) || !es[0].Item.Published.Equal(later.Published) {
		t.Errorf("published %v (item %v), want %v", es[0].Published, es[0].Item.Published, later.Published)
	}
	if !es[0].Item.FirstSeen.Equal(h.now) {
		t.Errorf("first seen %v, want the clock's %v", es[0].Item.FirstSeen, h.now)
	}
}

// selectPrimaryAndVia: a story carried by three sources is published once
// per output, under the first-seen item of the output's sources; every
// other source that carried it is credited, in the order they did.
func selectPrimaryAndVia(t *testing.T, o opener) {
	h := o.start(t, Options{})
	ref := map[string]aggregator.SourceRef{}
	for _, s := range []struct{ url, title string }{{srcA, "Alpha"}, {srcB, "Beta"}, {srcC, "Gamma"}} {
		ref[s.url] = aggregator.SourceRef{URL: s.url, Title: s.title, SiteURL: s.url + "/site", FeedID: "urn:" + s.title}
	}
	copies := map[string]aggregator.Item{
		srcA: raw(srcA, "a1", "https://news.example/story", "Story", 1),
		srcB: raw(srcB, "b1", "https://www.news.example/story?utm_source=b", "Story (B)", 5),
		srcC: raw(srcC, "c1", "http://news.example/story#top", "Story (C)", 9),
	}
	for _, src := range []string{srcA, srcB, srcC} {
		r := result(src, copies[src])
		r.State = aggregator.SourceState{URL: src, Title: ref[src].Title, SiteURL: ref[src].SiteURL, FeedID: ref[src].FeedID}
		h.commit(r)
	}
	tests := []struct {
		sources []string
		primary string
		via     []string
	}{
		{[]string{srcA, srcB, srcC}, srcA, []string{srcB, srcC}},
		{[]string{srcB, srcC}, srcB, []string{srcA, srcC}},
		{[]string{srcC, srcB}, srcB, []string{srcA, srcC}},
		{[]string{srcC}, srcC, []string{srcA, srcB}},
	}
	var id string
	for _, tt := range tests {
		es := h.of(tt.sources...)
		if len(es) != 1 {
			t.Errorf("output of %q has %d entries, want 1 story", tt.sources, len(es))
			continue
		}
		e := es[0]
		if e.Source != ref[tt.primary] || e.Item.Link != copies[tt.primary].Link || e.Item.SourceURL != tt.primary {
			t.Errorf("output of %q: entry %s from %+v, want %s from %+v", tt.sources, e.Item.Link, e.Source, copies[tt.primary].Link, ref[tt.primary])
		}
		var want []aggregator.Via
		for _, v := range tt.via {
			want = append(want, aggregator.Via{Source: ref[v], Link: copies[v].Link})
		}
		if !slices.Equal(e.Via, want) {
			t.Errorf("output of %q credits %+v, want %+v", tt.sources, e.Via, want)
		}
		if id == "" {
			id = e.ID
		} else if e.ID != id {
			t.Errorf("output of %q gives the story id %s, another output %s", tt.sources, e.ID, id)
		}
		if !e.Published.Equal(copies[srcA].Published) || !e.Updated.Equal(copies[srcC].Published) {
			t.Errorf("output of %q: published %v updated %v, want the first copy's date %v and the last change %v",
				tt.sources, e.Published, e.Updated, copies[srcA].Published, copies[srcC].Published)
		}
	}
}

// selectOutputIDs: a story's output id derives from its first item's
// source and identity (fold.OutputKey), never from where a backend keeps
// it, so a store rebuilt in another order, or another backend, gives
// readers the same ids.
func selectOutputIDs(t *testing.T, o opener) {
	a, b := o.start(t, Options{}), o.start(t, Options{})
	a.commit(result(srcA, item(srcA, "a1", 1), item(srcA, "a2", 2)), result(srcB, item(srcB, "b1", 3)))
	b.commit(result(srcB, item(srcB, "b1", 3)))
	b.commit(result(srcA, item(srcA, "a2", 2), item(srcA, "a1", 1)))
	ids := func(h *harness) map[string]string {
		out := map[string]string{}
		for _, e := range h.of(srcA, srcB) {
			out[e.Item.Title] = e.ID
			want := fold.OutputID(fold.OutputKey(aggregator.SourceIDOf(e.Item.SourceURL), e.Item.Identity))
			if e.ID != want {
				t.Errorf("%q has id %s, want %s (fold.OutputKey of its source and identity)", e.Item.Title, e.ID, want)
			}
		}
		return out
	}
	if got, want := ids(b), ids(a); !maps.Equal(got, want) || len(got) != 3 {
		t.Errorf("output ids after a rebuild = %v, want %v", got, want)
	}
}
