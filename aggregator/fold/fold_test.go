package fold

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

const (
	srcA = "https://a.example/feed.xml"
	srcB = "https://b.example/feed.xml"
	srcC = "https://c.example/feed.xml"
)

// env is one store (a memTx) and the options the rules run with.
type env struct {
	t    *testing.T
	tx   *memTx
	opts Options
}

func newEnv(t *testing.T) *env {
	return &env{t: t, tx: newMemTx(), opts: Options{Now: t0.Add(time.Hour)}}
}

// article is an item of source src as a parser gives it: dated t0 by the
// feed, linked at its canonical URL, content version 1.
func article(src, guid, link, title string) aggregator.Item {
	return aggregator.Item{
		SourceURL: src, GUID: guid, Link: link, CanonicalURL: link,
		Title: title, Published: t0, Hash: 1,
	}
}

// with wraps items, without topics, as Incoming.
func with(items ...aggregator.Item) []aggregator.Incoming {
	in := make([]aggregator.Incoming, len(items))
	for i, it := range items {
		in[i].Item = it
	}
	return in
}

// poll folds one parsed document of src, its items identified as the
// normaliser does (aggregator.Identify), with the caller's state saying
// nothing of identity (IdentityGUID).
func (e *env) poll(src string, items ...aggregator.Item) aggregator.CommitStats {
	e.t.Helper()
	return e.pollIn(src, with(items...))
}

func (e *env) pollIn(src string, in []aggregator.Incoming) aggregator.CommitStats {
	e.t.Helper()
	items := make([]aggregator.Item, len(in))
	for i := range in {
		items[i] = in[i].Item
	}
	aggregator.Identify(items)
	for i := range in {
		in[i].Item.Identity = items[i].Identity
	}
	stats, err := e.source(&aggregator.SourceResult{State: aggregator.SourceState{URL: src}, Parsed: true, Items: in})
	if err != nil {
		e.t.Fatalf("fold a document of %s: %v", src, err)
	}
	return stats
}

// source runs Source, turning a panic into a test failure.
func (e *env) source(r *aggregator.SourceResult) (stats aggregator.CommitStats, err error) {
	e.t.Helper()
	defer func() {
		if p := recover(); p != nil {
			e.t.Fatalf("Source panicked: %v", p)
		}
	}()
	return Source(e.tx, r, e.opts)
}

func (e *env) state(src string) aggregator.SourceState {
	e.t.Helper()
	st, ok := e.tx.states[src]
	if !ok {
		e.t.Fatalf("no state stored for %s", src)
	}
	return st
}

// stored is the record of the item of src filed under identity.
func (e *env) stored(src string, identity string) ItemRecord {
	e.t.Helper()
	seq := e.tx.identSeq(aggregator.SourceIDOf(src), identity)
	rec, ok := e.tx.items[seq]
	if !ok {
		e.t.Fatalf("no item of %s under identity %q", src, identity)
	}
	return rec
}

// storyOf is the story of the item of src filed under identity.
func (e *env) storyOf(src string, identity string) (StoryID, Story) {
	e.t.Helper()
	id := e.stored(src, identity).Story
	s, ok := e.tx.stories[id]
	if !ok {
		e.t.Fatalf("item %q of %s names story %d, which is not stored", identity, src, id)
	}
	return id, s
}

func wantStats(t *testing.T, what string, got, want aggregator.CommitStats) {
	t.Helper()
	if got != want {
		t.Errorf("%s: stats %+v, want %+v", what, got, want)
	}
}

func guidOf(it aggregator.Item) string { return aggregator.GUIDIdentity(&it) }
func linkOf(it aggregator.Item) string { return aggregator.LinkIdentity(&it) }

func TestNewItemStartsStory(t *testing.T) {
	e := newEnv(t)
	it := article(srcA, "g1", "https://a.example/1", "One")
	wantStats(t, "first poll", e.poll(srcA, it), aggregator.CommitStats{Sources: 1, New: 1})

	src := aggregator.SourceIDOf(srcA)
	rec := e.stored(srcA, guidOf(it))
	id, story := e.storyOf(srcA, guidOf(it))
	if story.Time != TimeKey(t0) {
		t.Errorf("story time is %v, want the item's date %v", TimeOf(story.Time), t0)
	}
	if want := OutputKey(src, guidOf(it)); story.Key != want {
		t.Errorf("story key %x, want OutputKey(source, identity) %x", story.Key, want)
	}
	if want := []Member{{Source: src, Seq: e.tx.identSeq(src, guidOf(it))}}; !slices.Equal(story.Members, want) {
		t.Errorf("story members %v, want %v", story.Members, want)
	}
	if !rec.Item.FirstSeen.Equal(e.opts.Now) || !rec.Item.Updated.Equal(t0) {
		t.Errorf("first seen %v, updated %v: want the commit time %v and the item's date %v",
			rec.Item.FirstSeen, rec.Item.Updated, e.opts.Now, t0)
	}
	if got := e.tx.current[src]; !slices.Equal(got, []StoryID{id}) {
		t.Errorf("current stories of the source %v, want [%d]", got, id)
	}
	if got := e.tx.sourceStories(src); !slices.Equal(got, []StoryID{id}) {
		t.Errorf("stories filed under the source %v, want [%d]", got, id)
	}
	if got := storyIDs(e.tx.byTime); !slices.Equal(got, []StoryID{id}) {
		t.Errorf("stories in the time index %v, want [%d]", got, id)
	}
	if st := e.state(srcA); st.ItemsNew != 1 || st.ItemsStored != 1 {
		t.Errorf("state counts %d new, %d stored; want 1 and 1", st.ItemsNew, st.ItemsStored)
	}

	items, stories := e.tx.itemSeq, e.tx.storySeq
	wantStats(t, "the same document again", e.poll(srcA, it), aggregator.CommitStats{Sources: 1})
	if e.tx.itemSeq != items || e.tx.storySeq != stories {
		t.Errorf("the same document took item seqs %d→%d, story seqs %d→%d; want none",
			items, e.tx.itemSeq, stories, e.tx.storySeq)
	}
	if st := e.state(srcA); st.ItemsNew != 0 || st.ItemsStored != 1 {
		t.Errorf("after the same document, state counts %d new, %d stored; want 0 and 1", st.ItemsNew, st.ItemsStored)
	}
	if got := e.tx.current[src]; !slices.Equal(got, []StoryID{id}) {
		t.Errorf("after the same document, current stories %v, want [%d]", got, id)
	}
}

func TestUpdateInPlace(t *testing.T) {
	later := t0.Add(5 * time.Hour)
	tests := []struct {
		name                string
		edit                func(it *aggregator.Item)
		wantPublished       time.Time
		wantOrigin          aggregator.DateOrigin
		wantUpdatedIsCommit bool // else the item's own Updated
	}{
		{"a later date of its own", func(it *aggregator.Item) { it.Updated = t0.Add(3 * time.Hour) }, t0, aggregator.DateFromFeed, false},
		{"no later date of its own", func(it *aggregator.Item) { it.Updated = t0 }, t0, aggregator.DateFromFeed, true},
		{"no date at all", func(it *aggregator.Item) {
			it.Published, it.DateOrigin = later, aggregator.DateMissing
		}, t0, aggregator.DateFromFeed, true},
		{"a date clamped", func(it *aggregator.Item) {
			it.Published, it.DateOrigin = later, aggregator.DateClamped
		}, t0, aggregator.DateFromFeed, true},
		{"a new date from the feed", func(it *aggregator.Item) {
			it.Published = t0.Add(2 * time.Hour)
		}, t0.Add(2 * time.Hour), aggregator.DateFromFeed, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			v1 := article(srcA, "g1", "https://a.example/1", "One")
			e.poll(srcA, v1)
			firstSeen := e.opts.Now
			id, _ := e.storyOf(srcA, guidOf(v1))

			e.opts.Now = later
			v2 := v1
			v2.Hash = 2
			tt.edit(&v2)
			wantStats(t, "new version", e.poll(srcA, v2), aggregator.CommitStats{Sources: 1, Updated: 1})

			if n := len(e.tx.items); n != 1 {
				t.Fatalf("%d items stored after an update, want 1", n)
			}
			rec := e.stored(srcA, guidOf(v1))
			got := rec.Item
			if got.Hash != 2 {
				t.Errorf("stored hash %d, want the new version's 2", got.Hash)
			}
			if !got.FirstSeen.Equal(firstSeen) {
				t.Errorf("first seen moved to %v, want %v", got.FirstSeen, firstSeen)
			}
			if !got.Published.Equal(tt.wantPublished) || got.DateOrigin != tt.wantOrigin {
				t.Errorf("published %v (origin %d), want %v (origin %d)", got.Published, got.DateOrigin, tt.wantPublished, tt.wantOrigin)
			}
			wantUpdated := v2.Updated
			if tt.wantUpdatedIsCommit {
				wantUpdated = later
			}
			if !got.Updated.Equal(wantUpdated) {
				t.Errorf("updated %v, want %v", got.Updated, wantUpdated)
			}
			sid, story := e.storyOf(srcA, guidOf(v1))
			if sid != id || len(story.Members) != 1 {
				t.Errorf("after the update the item is in story %d with %d members, want story %d with 1", sid, len(story.Members), id)
			}
			if !story.Updated.Equal(wantUpdated) {
				t.Errorf("story updated %v, want the item's %v", story.Updated, wantUpdated)
			}
			if story.Time != TimeKey(t0) {
				t.Errorf("story time moved to %v, want it fixed at %v", TimeOf(story.Time), t0)
			}
		})
	}
}

func TestCanonicalURL(t *testing.T) {
	const link = "https://news.example/story"
	t.Run("another source joins", func(t *testing.T) {
		e := newEnv(t)
		a := article(srcA, "a1", link, "Story")
		b := article(srcB, "b1", link, "The story")
		b.Published = t0.Add(30 * 24 * time.Hour) // no window for canonical URLs
		e.poll(srcA, a)
		wantStats(t, "same canonical URL, other source", e.poll(srcB, b), aggregator.CommitStats{Sources: 1, New: 1, Merged: 1})
		ida, sa := e.storyOf(srcA, guidOf(a))
		idb, _ := e.storyOf(srcB, guidOf(b))
		if ida != idb || len(sa.Members) != 2 {
			t.Fatalf("items in stories %d and %d (%d members), want one story of 2", ida, idb, len(sa.Members))
		}
		if got := e.tx.sourceStories(aggregator.SourceIDOf(srcB)); !slices.Equal(got, []StoryID{ida}) {
			t.Errorf("stories of the joining source %v, want [%d]", got, ida)
		}
		if got := e.tx.current[aggregator.SourceIDOf(srcB)]; !slices.Equal(got, []StoryID{ida}) {
			t.Errorf("current stories of the joining source %v, want [%d]", got, ida)
		}
		if len(e.tx.stories) != 1 {
			t.Errorf("%d stories stored, want 1", len(e.tx.stories))
		}
	})
	t.Run("the same source joins too", func(t *testing.T) {
		// Pinned: the canonical URL index does not look at sources, so a
		// source's second item with the same canonical URL (a follow-up
		// under its own GUID) joins the first one's story.
		e := newEnv(t)
		a1 := article(srcA, "a1", link, "Story")
		a2 := article(srcA, "a2", link, "Story, follow-up")
		wantStats(t, "two items, one canonical URL", e.poll(srcA, a1, a2), aggregator.CommitStats{Sources: 1, New: 2, Merged: 1})
		id1, s := e.storyOf(srcA, guidOf(a1))
		id2, _ := e.storyOf(srcA, guidOf(a2))
		if id1 != id2 || len(s.Members) != 2 {
			t.Fatalf("items in stories %d and %d (%d members), want one story of 2", id1, id2, len(s.Members))
		}
		if got := e.tx.current[aggregator.SourceIDOf(srcA)]; !slices.Equal(got, []StoryID{id1}) {
			t.Errorf("current stories %v, want [%d] once", got, id1)
		}
	})
}

func TestTopicsWithdrawn(t *testing.T) {
	const t1, t2 aggregator.TopicKey = 1, 2
	t.Run("a dropped topic is withdrawn", func(t *testing.T) {
		e := newEnv(t)
		a := article(srcA, "a", "https://a.example/1", "One")
		e.pollIn(srcA, []aggregator.Incoming{{Item: a, Topics: []aggregator.TopicKey{t1, t2}}})
		id, _ := e.storyOf(srcA, guidOf(a))
		if !slices.Equal(e.tx.topicStories(t1), []StoryID{id}) || !slices.Equal(e.tx.topicStories(t2), []StoryID{id}) {
			t.Fatalf("topics hold %v and %v, want the story %d in both", e.tx.topicStories(t1), e.tx.topicStories(t2), id)
		}
		e.pollIn(srcA, []aggregator.Incoming{{Item: a, Topics: []aggregator.TopicKey{t1}}})
		if got := e.tx.topicStories(t2); len(got) != 0 {
			t.Errorf("topic dropped by the only item still holds %v", got)
		}
		if got := e.tx.topicStories(t1); !slices.Equal(got, []StoryID{id}) {
			t.Errorf("topic kept by the item holds %v, want [%d]", got, id)
		}
		if got := e.stored(srcA, guidOf(a)).Topics; !slices.Equal(got, []aggregator.TopicKey{t1}) {
			t.Errorf("item record's topics %v, want [%d]", got, t1)
		}
	})
	t.Run("another member keeps the topic", func(t *testing.T) {
		e := newEnv(t)
		const link = "https://news.example/story"
		a := article(srcA, "a", link, "Story")
		b := article(srcB, "b", link, "Story")
		e.pollIn(srcA, []aggregator.Incoming{{Item: a, Topics: []aggregator.TopicKey{t1}}})
		e.pollIn(srcB, []aggregator.Incoming{{Item: b, Topics: []aggregator.TopicKey{t1}}})
		id, s := e.storyOf(srcA, guidOf(a))
		if len(s.Members) != 2 {
			t.Fatalf("story has %d members, want 2 (same canonical URL)", len(s.Members))
		}
		e.pollIn(srcA, with(a))
		if got := e.tx.topicStories(t1); !slices.Equal(got, []StoryID{id}) {
			t.Errorf("one of two members dropped the topic: topic holds %v, want [%d] (the other still matches)", got, id)
		}
		e.pollIn(srcB, with(b))
		if got := e.tx.topicStories(t1); len(got) != 0 {
			t.Errorf("both members dropped the topic, topic still holds %v", got)
		}
	})
}

func TestInconsistentStore(t *testing.T) {
	src := aggregator.SourceIDOf(srcA)
	x := article(srcA, "g1", "https://a.example/1", "One")
	tests := []struct {
		name   string
		damage func(e *env)
	}{
		{"identity names a missing item", func(e *env) {
			e.tx.FileIdent(src, guidOf(x), Ident{Seq: 99, Link: LinkHash(&x)})
		}},
		{"identity names a missing item, under another link", func(e *env) {
			e.tx.FileIdent(src, guidOf(x), Ident{Seq: 99, Link: 1})
		}},
		{"item names a missing story", func(e *env) {
			e.poll(srcA, x)
			clear(e.tx.stories)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			tt.damage(e)
			v2 := x
			v2.Hash = 2
			_, err := e.source(&aggregator.SourceResult{State: aggregator.SourceState{URL: srcA}, Parsed: true, Items: with(v2)})
			if !errors.Is(err, ErrInconsistent) {
				t.Errorf("error %v, want one wrapping ErrInconsistent", err)
			}
		})
	}
}
