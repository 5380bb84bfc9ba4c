package storetest

import (
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

var unchangedBehaviours = []behaviour{
	{"KnownItemLeftAsStored", unchangedLeftAsStored},
	{"KnownItemPrunedIsStoredAgain", unchangedPrunedStoredAgain},
}

// known is it carried by identity only, as the refresher sends an item
// unchanged since the source's last document; its completion (the item
// normalised in full, with topics) is counted in *completed.
func known(it aggregator.Item, topics []aggregator.TopicKey, completed *int) aggregator.Incoming {
	id := aggregator.Item{SourceURL: it.SourceURL, GUID: it.GUID, Link: it.Link, CanonicalURL: it.CanonicalURL, Title: it.Title, Published: it.Published}
	return aggregator.KnownIncoming(id, func() (aggregator.Item, []aggregator.TopicKey) {
		*completed++
		return it, topics
	})
}

// unchangedLeftAsStored: a known item found under its identity is left as
// stored (content, topics, position), is not counted as new or updated,
// and its story stays listed in the source's current document, which a
// prune keeps.
func unchangedLeftAsStored(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.now = t0.Add(24 * time.Hour)
	a := raw(srcA, "g1", "https://a.example/budget", "Council approves budget", 0)
	a.Content = "<p>The vote was 7 to 2.</p>"
	rehash(&a)
	b := raw(srcA, "g2", "https://a.example/ferry", "Ferry timetable", 30)
	h.commit(withTopics(result(srcA, a, b), 5))
	before := h.of(srcA)

	h.now = h.now.Add(time.Hour)
	completed := 0
	r := result(srcA)
	r.State = h.state(srcA)
	r.Items = []aggregator.Incoming{known(a, []aggregator.TopicKey{5}, &completed), known(b, []aggregator.TopicKey{5}, &completed)}
	if st := h.commit(r); st.New != 0 || st.Updated != 0 || st.Sources != 1 {
		t.Errorf("stats %+v: want 1 source, nothing new or updated", st)
	}
	if completed != 0 {
		t.Errorf("stored known items were normalised in full %d times", completed)
	}
	after := h.of(srcA)
	if len(after) != 2 || after[0].ID != before[0].ID || after[1].ID != before[1].ID || !after[0].Updated.Equal(before[0].Updated) {
		t.Fatalf("entries changed:\n got %+v\nwant %+v", after, before)
	}
	for _, it := range h.items() {
		if it.GUID == "g1" && it.Content != a.Content {
			t.Errorf("known item's content is %q, want the stored %q", it.Content, a.Content)
		}
	}
	if n, _ := h.topicSize(5); n != 2 {
		t.Errorf("topic holds %d stories, want 2", n)
	}
	if st := h.prune(aggregator.PruneOptions{Before: t0.Add(48 * time.Hour)}); st.Stories != 0 {
		t.Errorf("prune removed %d stories the source still lists", st.Stories)
	}
}

// unchangedPrunedStoredAgain: a known item whose stored copy was pruned
// is normalised in full and stored again.
func unchangedPrunedStoredAgain(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.now = t0.Add(24 * time.Hour)
	old := raw(srcA, "g1", "https://a.example/old", "An old story", -10*24*60)
	cur := raw(srcA, "g2", "https://a.example/new", "A new story", 0)
	h.poll(srcA, old, cur)
	h.poll(srcA, cur) // the old story is no longer listed
	if st := h.prune(aggregator.PruneOptions{Before: t0.Add(-24 * time.Hour)}); st.Stories != 1 {
		t.Fatalf("prune removed %d stories, want the old one", st.Stories)
	}

	completed := 0
	r := result(srcA)
	r.State = h.state(srcA)
	r.Items = []aggregator.Incoming{known(old, nil, &completed), known(cur, nil, &completed)}
	if st := h.commit(r); st.New != 1 || st.Updated != 0 {
		t.Errorf("stats %+v: want the pruned item new again", st)
	}
	if completed != 1 {
		t.Errorf("normalised in full %d times, want 1 (the pruned item)", completed)
	}
	found := false
	for _, it := range h.items() {
		if it.GUID == "g1" {
			found = true
			if it.Hash != old.Hash || it.Title != old.Title {
				t.Errorf("stored again as %+v, want the full item", it)
			}
		}
	}
	if !found {
		t.Error("the pruned item was not stored again")
	}
}
