package fold

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
)

// fakeNear is a NearDup under the test's control. An item's label is its
// Sig.Title: items with the same non-zero label, or labels in alike, are
// the same article; keys holds each label's near keys; Joins accepts a
// story when the item is like every member.
type fakeNear struct {
	keys      map[uint64][]uint64
	alike     map[[2]uint64]bool
	sameCalls int
}

func (d *fakeNear) like(a, b uint64) bool {
	return a != 0 && b != 0 && (a == b || d.alike[[2]uint64{a, b}] || d.alike[[2]uint64{b, a}])
}

func (d *fakeNear) Keys(it *aggregator.Item) []uint64       { return slices.Clone(d.keys[it.Sig.Title]) }
func (d *fakeNear) LookupKeys(it *aggregator.Item) []uint64 { return d.Keys(it) }

func (d *fakeNear) Same(it *aggregator.Item, sig fingerprint.Signature) bool {
	d.sameCalls++
	return d.like(it.Sig.Title, sig.Title)
}

func (d *fakeNear) Joins(it *aggregator.Item, members []fingerprint.Signature) bool {
	for _, m := range members {
		if !d.like(it.Sig.Title, m.Title) {
			return false
		}
	}
	return true
}

// labelled is an article with near-duplicate label l, at its own URL.
func labelled(src, guid string, l uint64, published time.Time) aggregator.Item {
	it := article(src, guid, fmt.Sprintf("%s/%s", strings.TrimSuffix(src, "/feed.xml"), guid), guid)
	it.Sig.Title, it.Published = l, published
	return it
}

func newNearEnv(t *testing.T, d *fakeNear) *env {
	e := newEnv(t)
	e.opts.NearDup, e.opts.Window = d, 2*time.Hour
	return e
}

func TestNearDuplicates(t *testing.T) {
	joined := aggregator.CommitStats{Sources: 1, New: 1, Merged: 1}
	apart := aggregator.CommitStats{Sources: 1, New: 1}
	sameStory := func(e *env, src1, guid1, src2, guid2 string) bool {
		id1, _ := e.storyOf(src1, "guid:"+guid1)
		id2, _ := e.storyOf(src2, "guid:"+guid2)
		return id1 == id2
	}

	t.Run("another source within the window joins", func(t *testing.T) {
		for _, d := range []time.Duration{time.Hour, -time.Hour, 2 * time.Hour, -2 * time.Hour} {
			e := newNearEnv(t, &fakeNear{keys: map[uint64][]uint64{1: {10}}})
			e.poll(srcA, labelled(srcA, "a", 1, t0))
			wantStats(t, fmt.Sprintf("%v away", d), e.poll(srcB, labelled(srcB, "b", 1, t0.Add(d))), joined)
			if !sameStory(e, srcA, "a", srcB, "b") {
				t.Errorf("an item %v away within a window of 2h did not join", d)
			}
		}
	})
	t.Run("outside the window does not", func(t *testing.T) {
		for _, d := range []time.Duration{2*time.Hour + 1, -2*time.Hour - 1, 72 * time.Hour} {
			e := newNearEnv(t, &fakeNear{keys: map[uint64][]uint64{1: {10}}})
			e.poll(srcA, labelled(srcA, "a", 1, t0))
			wantStats(t, fmt.Sprintf("%v away", d), e.poll(srcB, labelled(srcB, "b", 1, t0.Add(d))), apart)
			if sameStory(e, srcA, "a", srcB, "b") {
				t.Errorf("an item %v away joined across a window of 2h", d)
			}
		}
	})
	t.Run("unlike items do not join", func(t *testing.T) {
		e := newNearEnv(t, &fakeNear{keys: map[uint64][]uint64{1: {10}, 2: {10}}})
		e.poll(srcA, labelled(srcA, "a", 1, t0))
		wantStats(t, "unlike item under the same key", e.poll(srcB, labelled(srcB, "b", 2, t0)), apart)
	})
	t.Run("the same source never joins", func(t *testing.T) {
		e := newNearEnv(t, &fakeNear{keys: map[uint64][]uint64{1: {10}}})
		e.poll(srcA, labelled(srcA, "a1", 1, t0))
		wantStats(t, "a like item of the same source", e.poll(srcA, labelled(srcA, "a1", 1, t0), labelled(srcA, "a2", 1, t0)), apart)
		if sameStory(e, srcA, "a1", srcA, "a2") {
			t.Errorf("a source's item joined a story of its own by near-duplicate")
		}
	})
	t.Run("the same source never joins a story another source joined", func(t *testing.T) {
		e := newNearEnv(t, &fakeNear{keys: map[uint64][]uint64{1: {10}}})
		e.poll(srcA, labelled(srcA, "a1", 1, t0))
		e.poll(srcB, labelled(srcB, "b", 1, t0)) // filed last under key 10
		wantStats(t, "a like item of the first source", e.poll(srcA, labelled(srcA, "a1", 1, t0), labelled(srcA, "a2", 1, t0)), apart)
		if sameStory(e, srcA, "a1", srcA, "a2") {
			t.Errorf("a source's item joined, through another source's member, a story the source carries")
		}
	})
	t.Run("joins is checked against the whole story", func(t *testing.T) {
		// A~B and B~C, but C is not like A: C finds the story through B
		// (the only item under key 11) and must not join it.
		d := &fakeNear{
			keys:  map[uint64][]uint64{1: {10}, 2: {10, 11}, 3: {11}},
			alike: map[[2]uint64]bool{{1, 2}: true, {2, 3}: true},
		}
		e := newNearEnv(t, d)
		e.poll(srcA, labelled(srcA, "a", 1, t0))
		wantStats(t, "B like A", e.poll(srcB, labelled(srcB, "b", 2, t0)), joined)
		calls := d.sameCalls
		wantStats(t, "C like B only", e.poll(srcC, labelled(srcC, "c", 3, t0)), apart)
		if d.sameCalls == calls {
			t.Fatalf("C was never compared with B: the test does not reach Joins")
		}
		if sameStory(e, srcA, "a", srcC, "c") {
			t.Errorf("C joined A's story through B although Joins rejects it")
		}
	})
	t.Run("candidates under one key are bounded", func(t *testing.T) {
		// n unlike stories come first in time order under key 20, then
		// the like one: it is examined only within MaxNearCandidates.
		for _, n := range []int{MaxNearCandidates - 1, MaxNearCandidates} {
			d := &fakeNear{keys: map[uint64][]uint64{}}
			e := newNearEnv(t, d)
			for i := range n {
				l := uint64(100 + i)
				d.keys[l] = []uint64{20}
				src := fmt.Sprintf("https://n%d.example/feed.xml", i)
				e.poll(src, labelled(src, "n", l, t0.Add(time.Duration(i)*time.Second)))
			}
			d.keys[1] = []uint64{20}
			e.poll(srcA, labelled(srcA, "a", 1, t0.Add(time.Hour)))
			d.sameCalls = 0
			e.poll(srcB, labelled(srcB, "b", 1, t0.Add(30*time.Minute)))
			got := sameStory(e, srcA, "a", srcB, "b")
			if want := n < MaxNearCandidates; got != want {
				t.Errorf("with %d candidates before the like one, joined = %v, want %v (bound %d)", n, got, want, MaxNearCandidates)
			}
			if d.sameCalls > MaxNearCandidates {
				t.Errorf("%d candidates compared under one key, want at most %d", d.sameCalls, MaxNearCandidates)
			}
		}
	})
}

func TestNearKeysWithdrawn(t *testing.T) {
	t.Run("a key the new version lacks is withdrawn", func(t *testing.T) {
		d := &fakeNear{keys: map[uint64][]uint64{1: {10, 11}, 2: {10}}}
		e := newNearEnv(t, d)
		a := labelled(srcA, "a", 1, t0)
		e.poll(srcA, a)
		id, _ := e.storyOf(srcA, guidOf(a))
		a.Sig.Title, a.Hash = 2, 2
		e.poll(srcA, a)
		if got := e.tx.nearStories(11); len(got) != 0 {
			t.Errorf("key 11, dropped by the only item, still holds %v", got)
		}
		if got := e.tx.nearStories(10); !slices.Equal(got, []StoryID{id}) {
			t.Errorf("key 10, kept, holds %v, want [%d]", got, id)
		}
		if got := e.stored(srcA, guidOf(a)).Near; !slices.Equal(got, []uint64{10}) {
			t.Errorf("item record's near keys %v, want [10]", got)
		}
	})
	t.Run("another member keeps the key", func(t *testing.T) {
		d := &fakeNear{keys: map[uint64][]uint64{1: {10, 11}, 3: {10}}, alike: map[[2]uint64]bool{{1, 3}: true, {1, 4}: true}}
		e := newNearEnv(t, d)
		a := labelled(srcA, "a", 1, t0)
		b := labelled(srcB, "b", 1, t0)
		e.poll(srcA, a)
		e.poll(srcB, b)
		id, s := e.storyOf(srcA, guidOf(a))
		if len(s.Members) != 2 {
			t.Fatalf("story has %d members, want 2 (near-duplicates)", len(s.Members))
		}
		a.Sig.Title, a.Hash = 3, 2
		e.poll(srcA, a)
		if got := e.tx.nearStories(11); !slices.Equal(got, []StoryID{id}) {
			t.Errorf("one of two members dropped key 11: it holds %v, want [%d] (the other still has it)", got, id)
		}
		b.Sig.Title, b.Hash = 4, 2 // label 4 has no keys
		e.poll(srcB, b)
		if got := e.tx.nearStories(11); len(got) != 0 {
			t.Errorf("both members dropped key 11, it still holds %v", got)
		}
		if got := e.tx.nearStories(10); !slices.Equal(got, []StoryID{id}) {
			t.Errorf("key 10, kept by A, holds %v, want [%d]", got, id)
		}
	})
}
