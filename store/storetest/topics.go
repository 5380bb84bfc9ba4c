package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

var topicBehaviours = []behaviour{
	{"IngestBuildAndDrop", topicIngestBuildAndDrop},
	{"WithdrawnUnlessAnotherMemberMatches", topicWithdrawnUnlessAnotherMatches},
	{"BuildCountsStoriesAndReplacesMembership", topicBuildReplaces},
	{"BuildRecordsWhichItemsMatch", topicBuildRecordsItems},
	{"DropKeepsTheKeptTopics", topicDropKeeps},
	{"TopicSize", topicSize},
	{"SelectionKeepsToItsSources", topicSelection},
}

// topicTitles selects topic key among sources.
func (h *harness) topicTitles(key aggregator.TopicKey, sources ...string) []string {
	h.t.Helper()
	return titles(h.sel(aggregator.Selection{Sources: sources, Topic: key}))
}

func topicIngestBuildAndDrop(t *testing.T, o opener) {
	h := o.start(t, Options{})
	const key = aggregator.TopicKey(42)
	h.commit(result(srcA, item(srcA, "war1", 1), item(srcA, "cats", 2)))
	if h.built(key) {
		t.Error("topic built before BuildTopic")
	}
	if n := h.build(key, func(it *aggregator.Item) bool { return it.GUID == "war1" }); n != 1 {
		t.Errorf("BuildTopic matched %d stories, want 1", n)
	}
	if !h.built(key) {
		t.Error("topic not built after BuildTopic")
	}
	// New items arrive with their topic matches.
	h.commit(withTopics(result(srcA, item(srcA, "war2", 3)), key))
	if got, want := h.topicTitles(key, srcA), []string{"Title war2", "Title war1"}; !slices.Equal(got, want) {
		t.Errorf("topic = %q, want %q", got, want)
	}
	// An update that no longer matches withdraws the story.
	upd := item(srcA, "war2", 3)
	upd.Hash = 7
	h.commit(result(srcA, upd))
	if got, want := h.topicTitles(key, srcA), []string{"Title war1"}; !slices.Equal(got, want) {
		t.Errorf("topic after an update that no longer matches = %q, want %q", got, want)
	}
	if err := h.s.DropTopics(h.ctx, nil); err != nil {
		t.Fatal(err)
	}
	if h.built(key) {
		t.Error("topic still built after DropTopics")
	}
	if got := h.topicTitles(key, srcA); len(got) != 0 {
		t.Errorf("dropped topic still selects %q", got)
	}
	if n, _ := h.topicSize(key); n != 0 {
		t.Errorf("dropped topic still has %d stories", n)
	}
	if got := h.of(srcA); len(got) != 3 {
		t.Errorf("%d entries after DropTopics, want the 3 stories kept", len(got))
	}
}

// topicWithdrawnUnlessAnotherMatches: a story stays in a topic while any
// of its items matches it.
func topicWithdrawnUnlessAnotherMatches(t *testing.T, o opener) {
	h := o.start(t, Options{})
	const key = aggregator.TopicKey(7)
	a := raw(srcA, "a1", "https://news.example/story", "Harbour story", 1)
	b := raw(srcB, "b1", "https://www.news.example/story", "Harbour story (B)", 5)
	h.commit(withTopics(result(srcA, a), key), withTopics(result(srcB, b), key))
	if got := h.topicTitles(key, srcA, srcB); len(got) != 1 {
		t.Fatalf("topic = %q, want the one story both copies are", got)
	}
	// A's copy changes and no longer matches; B's still does.
	a.Title = "Harbour story, corrected"
	rehash(&a)
	if st := h.commit(result(srcA, a)); st.Updated != 1 {
		t.Errorf("stats %+v, want A's copy updated", st)
	}
	if got := h.topicTitles(key, srcA, srcB); len(got) != 1 {
		t.Errorf("topic = %q after A's copy stopped matching, want the story kept: B's copy still matches", got)
	}
	// B's copy, unchanged, no longer matches either (its source left the
	// topic's scope): the story leaves. A change of topics alone is no
	// update of the item.
	if st := h.commit(result(srcB, b)); st.Updated != 0 || st.New != 0 {
		t.Errorf("stats %+v, want no item new or updated", st)
	}
	if got := h.topicTitles(key, srcA, srcB); len(got) != 0 {
		t.Errorf("topic = %q after no copy matches, want it empty", got)
	}
	if n, _ := h.topicSize(key); n != 0 {
		t.Errorf("TopicSize = %d after no copy matches, want 0", n)
	}
	// Matching again brings it back.
	h.commit(withTopics(result(srcB, b), key))
	if got := h.topicTitles(key, srcA, srcB); len(got) != 1 {
		t.Errorf("topic = %q after B's copy matches again, want the story back", got)
	}
	if n := len(h.of(srcA, srcB)); n != 1 {
		t.Errorf("%d entries, want the one story throughout", n)
	}
}

// topicBuildReplaces: BuildTopic counts stories, not items, and replaces
// whatever membership the topic had.
func topicBuildReplaces(t *testing.T, o opener) {
	h := o.start(t, Options{})
	const key = aggregator.TopicKey(3)
	copyX1 := item(srcB, "bx1", 4)
	copyX1.Title, copyX1.CanonicalURL = "Title x1 (B)", "example.org/x1"
	h.commit(result(srcA, item(srcA, "x1", 1), item(srcA, "x2", 2), item(srcA, "y", 3)), result(srcB, copyX1))
	if n := h.build(key, func(it *aggregator.Item) bool { return strings.Contains(it.Title, "x") }); n != 2 {
		t.Errorf("BuildTopic over x1, its copy and x2 = %d, want 2 stories", n)
	}
	if n, built := h.topicSize(key); n != 2 || !built {
		t.Errorf("TopicSize = %d, built %v; want 2, built", n, built)
	}
	if n := h.build(key, func(it *aggregator.Item) bool { return it.GUID == "y" }); n != 1 {
		t.Errorf("second BuildTopic = %d, want 1 story", n)
	}
	if got, want := h.topicTitles(key, srcA, srcB), []string{"Title y"}; !slices.Equal(got, want) {
		t.Errorf("topic after a rebuild = %q, want %q: a build replaces the membership", got, want)
	}
	if n := h.build(key, func(*aggregator.Item) bool { return false }); n != 0 || !h.built(key) {
		t.Errorf("a build that matches nothing = %d, built %v; want 0, built", n, h.built(key))
	}
	if got := h.topicTitles(key, srcA, srcB); len(got) != 0 {
		t.Errorf("topic = %q after a build that matched nothing", got)
	}
}

// topicBuildRecordsItems: a build remembers which items matched, so later
// commits withdraw and add exactly as if the items had been ingested
// with the topic.
func topicBuildRecordsItems(t *testing.T, o opener) {
	h := o.start(t, Options{})
	const key = aggregator.TopicKey(11)
	h.commit(result(srcA, item(srcA, "x", 1), item(srcA, "y", 2)))
	h.build(key, func(it *aggregator.Item) bool { return it.GUID == "x" })
	changed := item(srcA, "x", 1)
	changed.Hash = 99
	h.commit(result(srcA, changed, item(srcA, "y", 2)))
	if got := h.topicTitles(key, srcA); len(got) != 0 {
		t.Errorf("topic = %q after x changed and no longer matches, want it empty", got)
	}
	h.commit(withTopics(result(srcA, item(srcA, "y", 2)), key))
	if got, want := h.topicTitles(key, srcA), []string{"Title y"}; !slices.Equal(got, want) {
		t.Errorf("topic = %q after y matched, want %q", got, want)
	}
}

func topicDropKeeps(t *testing.T, o opener) {
	h := o.start(t, Options{})
	const kept, dropped = aggregator.TopicKey(1), aggregator.TopicKey(2)
	h.commit(result(srcA, item(srcA, "x", 1), item(srcA, "y", 2)))
	h.build(kept, func(it *aggregator.Item) bool { return it.GUID == "x" })
	h.build(dropped, func(it *aggregator.Item) bool { return it.GUID == "y" })
	if err := h.s.DropTopics(h.ctx, []aggregator.TopicKey{kept, 99}); err != nil {
		t.Fatal(err)
	}
	if n, built := h.topicSize(kept); n != 1 || !built {
		t.Errorf("kept topic: size %d, built %v; want 1, built", n, built)
	}
	if got, want := h.topicTitles(kept, srcA), []string{"Title x"}; !slices.Equal(got, want) {
		t.Errorf("kept topic = %q, want %q", got, want)
	}
	if n, built := h.topicSize(dropped); n != 0 || built {
		t.Errorf("dropped topic: size %d, built %v; want 0, not built", n, built)
	}
	if got := h.topicTitles(dropped, srcA); len(got) != 0 {
		t.Errorf("dropped topic selects %q", got)
	}
}

func topicSize(t *testing.T, o opener) {
	h := o.start(t, Options{})
	const key = aggregator.TopicKey(9)
	if n, built := h.topicSize(key); n != 0 || built {
		t.Fatalf("empty store: TopicSize = %d, built %v", n, built)
	}
	h.commit(result(srcA, item(srcA, "x1", 1), item(srcA, "x2", 2), item(srcA, "y", 3)))
	// A neighbouring key must not be counted.
	h.commit(withTopics(result(srcB, item(srcB, "z", 4)), key+1))
	h.build(key, func(it *aggregator.Item) bool { return it.GUID[0] == 'x' })
	if n, built := h.topicSize(key); n != 2 || !built {
		t.Errorf("TopicSize = %d, built %v; want 2 stories, built", n, built)
	}
	if n, built := h.topicSize(key + 1); n != 1 || built {
		t.Errorf("ingested-only topic: TopicSize = %d, built %v; want 1, not built", n, built)
	}
}

// topicSelection: a topic's output shows its members among the selected
// sources only, with Limit and Since as for any output.
func topicSelection(t *testing.T, o opener) {
	h := o.start(t, Options{})
	const key = aggregator.TopicKey(5)
	h.commit(
		withTopics(result(srcA, item(srcA, "a1", 1), item(srcA, "a3", 3)), key),
		withTopics(result(srcB, item(srcB, "b2", 2)), key),
		result(srcC, item(srcC, "c4", 4)))
	tests := []struct {
		sel  aggregator.Selection
		want []string
	}{
		{aggregator.Selection{Sources: []string{srcA}}, []string{"Title a3", "Title a1"}},
		{aggregator.Selection{Sources: []string{srcA, srcB, srcC}}, []string{"Title a3", "Title b2", "Title a1"}},
		{aggregator.Selection{Sources: []string{srcA, srcB}, Limit: 2}, []string{"Title a3", "Title b2"}},
		{aggregator.Selection{Sources: []string{srcA, srcB}, Since: t0.Add(2 * time.Minute)}, []string{"Title a3", "Title b2"}},
		{aggregator.Selection{}, nil},
	}
	for _, tt := range tests {
		tt.sel.Topic = key
		if got := titles(h.sel(tt.sel)); !slices.Equal(got, tt.want) {
			t.Errorf("topic among %q (limit %d, since %v) = %q, want %q", tt.sel.Sources, tt.sel.Limit, tt.sel.Since, got, tt.want)
		}
	}
}
