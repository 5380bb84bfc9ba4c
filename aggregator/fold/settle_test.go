package fold

import (
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

// wantLinkIdentity checks that src was switched to links for a reason
// saying why.
func (e *env) wantLinkIdentity(src, reason string) {
	e.t.Helper()
	st := e.state(src)
	if st.Identity != aggregator.IdentityLink || !strings.Contains(st.IdentityReason, reason) {
		e.t.Errorf("identity %q (reason %q), want %q for a reason saying %q", st.Identity, st.IdentityReason, aggregator.IdentityLink, reason)
	}
}

func (e *env) wantGUIDIdentity(src string) {
	e.t.Helper()
	if st := e.state(src); st.Identity != aggregator.IdentityGUID || st.IdentityReason != "" {
		e.t.Errorf("identity switched to %q (reason %q), want GUIDs kept", st.Identity, st.IdentityReason)
	}
}

func (e *env) wantItems(src string, n int) []ItemRecord {
	e.t.Helper()
	recs := e.tx.sourceItems(src)
	if len(recs) != n {
		var ids []string
		for _, r := range recs {
			ids = append(ids, r.Item.Identity)
		}
		e.t.Errorf("%d items of %s stored, want %d: %q", len(recs), src, n, ids)
	}
	return recs
}

func TestIdentitySettling(t *testing.T) {
	t.Run("one GUID on different links", func(t *testing.T) {
		e := newEnv(t)
		x := article(srcA, "https://a.example/", "https://a.example/1", "One")
		y := article(srcA, "https://a.example/", "https://a.example/2", "Two")
		wantStats(t, "first poll", e.poll(srcA, x, y), aggregator.CommitStats{Sources: 1, New: 2})
		e.wantLinkIdentity(srcA, "several different items")
		for _, r := range e.wantItems(srcA, 2) {
			if want := linkOf(r.Item); r.Item.Identity != want {
				t.Errorf("item stored as %q, want %q: the switch must come before storing", r.Item.Identity, want)
			}
		}
		wantStats(t, "the same document again", e.poll(srcA, x, y), aggregator.CommitStats{Sources: 1})
		e.wantItems(srcA, 2)
	})
	t.Run("no GUIDs, then GUIDs", func(t *testing.T) {
		e := newEnv(t)
		x := article(srcA, "", "https://a.example/1", "One")
		y := article(srcA, "", "https://a.example/2", "Two")
		e.poll(srcA, x, y)
		e.wantLinkIdentity(srcA, "no guid")
		reason := e.state(srcA).IdentityReason
		// The feed starts giving GUIDs; the caller's state says GUIDs.
		x.GUID, y.GUID = "g1", "g2"
		wantStats(t, "GUIDs added", e.poll(srcA, x, y), aggregator.CommitStats{Sources: 1})
		e.wantItems(srcA, 2)
		if st := e.state(srcA); st.Identity != aggregator.IdentityLink || st.IdentityReason != reason {
			t.Errorf("after a state saying GUIDs: identity %q (%q), want %q (%q) for good", st.Identity, st.IdentityReason, aggregator.IdentityLink, reason)
		}
	})
	t.Run("an item without a GUID gets one", func(t *testing.T) {
		e := newEnv(t)
		x := article(srcA, "g1", "https://a.example/1", "One")
		y := article(srcA, "", "https://a.example/2", "Two")
		e.poll(srcA, x, y)
		e.wantGUIDIdentity(srcA)
		y.GUID = "g2"
		wantStats(t, "a GUID added", e.poll(srcA, x, y), aggregator.CommitStats{Sources: 1})
		e.wantItems(srcA, 2)
		y.Hash = 2
		wantStats(t, "then edited", e.poll(srcA, x, y), aggregator.CommitStats{Sources: 1, Updated: 1})
		e.wantItems(srcA, 2)
		e.wantGUIDIdentity(srcA)
	})
	t.Run("a stored GUID on another article", func(t *testing.T) {
		e := newEnv(t)
		x := article(srcA, "g1", "https://a.example/budget", "Council approves budget")
		y := article(srcA, "g2", "https://a.example/2", "Two")
		e.poll(srcA, x, y)
		z := article(srcA, "g1", "https://a.example/ferry", "Ferry strike called off")
		wantStats(t, "a reused GUID", e.poll(srcA, z, y), aggregator.CommitStats{Sources: 1, New: 1})
		e.wantLinkIdentity(srcA, "reused")
		e.wantItems(srcA, 3)
		if got := e.stored(srcA, linkOf(x)).Item; got.Title != x.Title {
			t.Errorf("the first article under the GUID now reads %q, want %q kept", got.Title, x.Title)
		}
	})
	t.Run("a stored GUID on an edited article", func(t *testing.T) {
		e := newEnv(t)
		x := article(srcA, "g1", "https://a.example/budget", "Council approves budget")
		e.poll(srcA, x)
		x.Link, x.CanonicalURL, x.Hash = "https://a.example/council-budget", "https://a.example/council-budget", 2
		wantStats(t, "a corrected link", e.poll(srcA, x), aggregator.CommitStats{Sources: 1, Updated: 1})
		e.wantGUIDIdentity(srcA)
		e.wantItems(srcA, 1)
	})
	t.Run("GUIDs regenerated between polls", func(t *testing.T) {
		e := newEnv(t)
		x := article(srcA, "g1", "https://a.example/1", "One")
		y := article(srcA, "g2", "https://a.example/2", "Two")
		e.poll(srcA, x, y)
		x.GUID, y.GUID = "h1", "h2"
		wantStats(t, "new GUIDs", e.poll(srcA, x, y), aggregator.CommitStats{Sources: 1})
		e.wantLinkIdentity(srcA, "new guids")
		e.wantItems(srcA, 2)
	})
	t.Run("one re-posted link in a stable feed", func(t *testing.T) {
		e := newEnv(t)
		x := article(srcA, "g1", "https://a.example/1", "One")
		y := article(srcA, "g2", "https://a.example/2", "Two")
		z := article(srcA, "g3", "https://a.example/3", "Three")
		e.poll(srcA, x, y, z)
		z.GUID = "g4"
		// Pinned: the re-post is a new item, in the old one's story (same
		// canonical URL).
		wantStats(t, "a re-post", e.poll(srcA, x, y, z), aggregator.CommitStats{Sources: 1, New: 1, Merged: 1})
		e.wantGUIDIdentity(srcA)
		e.wantItems(srcA, 4)
	})
	t.Run("a new item sharing a stored item's link", func(t *testing.T) {
		e := newEnv(t)
		x := article(srcA, "ep1", "https://a.example/show", "Episode 1")
		e.poll(srcA, x)
		y := article(srcA, "ep2", "https://a.example/show", "Episode 2")
		wantStats(t, "a second episode", e.poll(srcA, x, y), aggregator.CommitStats{Sources: 1, New: 1, Merged: 1})
		e.wantGUIDIdentity(srcA)
		e.wantItems(srcA, 2)
	})
}

func TestIdentityKeysFirstCome(t *testing.T) {
	e := newEnv(t)
	src := aggregator.SourceIDOf(srcA)
	x := article(srcA, "g1", "https://a.example/1", "One")
	y := article(srcA, "g2", "https://a.example/1", "One, again")
	e.poll(srcA, x, y)
	sx, sy := e.tx.identSeq(src, guidOf(x)), e.tx.identSeq(src, guidOf(y))
	if sx == 0 || sy == 0 || sx == sy {
		t.Fatalf("items under seqs %d and %d, want two items", sx, sy)
	}
	if got := e.tx.identSeq(src, linkOf(x)); got != sx {
		t.Fatalf("the shared link names item %d, want the first, %d", got, sx)
	}
	y.Hash = 2
	wantStats(t, "the second item edited", e.poll(srcA, x, y), aggregator.CommitStats{Sources: 1, Updated: 1})
	if got := e.tx.identSeq(src, linkOf(x)); got != sx {
		t.Errorf("after the second item's update the shared link names %d, want the first, %d", got, sx)
	}

	ry, rx := e.stored(srcA, guidOf(y)), e.stored(srcA, guidOf(x))
	if err := Forget(e.tx, src, sy, &ry.Item); err != nil {
		t.Fatal(err)
	}
	if got := e.tx.identSeq(src, guidOf(y)); got != 0 {
		t.Errorf("forgotten item still under its GUID (%d)", got)
	}
	if got := e.tx.identSeq(src, linkOf(x)); got != sx {
		t.Errorf("forgetting the second item withdrew the first's link key (now %d, want %d)", got, sx)
	}
	if got := e.tx.identSeq(src, guidOf(x)); got != sx {
		t.Errorf("forgetting the second item withdrew the first's GUID key (now %d, want %d)", got, sx)
	}
	if err := Forget(e.tx, src, sx, &rx.Item); err != nil {
		t.Fatal(err)
	}
	if n := len(e.tx.idents); n != 0 {
		t.Errorf("%d identity keys left after forgetting both items: %v", n, e.tx.idents)
	}
}
