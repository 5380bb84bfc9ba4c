package storetest

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/canon"
	"github.com/feedloom/feedloom/aggregator/media"
)

var commitBehaviours = []behaviour{
	{"SameItemTwiceIsStoredOnce", sameItemTwiceIsStoredOnce},
	{"StatsCountSourcesAndItems", statsCountSourcesAndItems},
	{"ItemIsStoredWhole", itemIsStoredWhole},
	{"SourceStateIsStoredWhole", sourceStateIsStoredWhole},
}

func sameItemTwiceIsStoredOnce(t *testing.T, o opener) {
	h := o.start(t, Options{})
	first := h.commit(result(srcA, item(srcA, "a1", 1)))
	again := h.commit(result(srcA, item(srcA, "a1", 1)))
	if first != (aggregator.CommitStats{Sources: 1, New: 1}) || again != (aggregator.CommitStats{Sources: 1}) {
		t.Errorf("first %+v, again %+v: want one new item, then nothing", first, again)
	}
	// The caller's state says 0 stored: the store keeps its own count.
	if got := h.state(srcA).ItemsStored; got != 1 {
		t.Errorf("ItemsStored = %d, want 1", got)
	}
	if got := h.items(); len(got) != 1 {
		t.Errorf("%d items stored (%q), want 1", len(got), guids(got))
	}
}

// statsCountSourcesAndItems: one batch of a parsed source, a source that
// joins its story in the same batch, a 304 and a failure.
func statsCountSourcesAndItems(t *testing.T, o opener) {
	h := o.start(t, Options{})
	const srcD = "https://d.example/feed"
	b1 := item(srcB, "b1", 5)
	b1.CanonicalURL = "example.org/a1"
	st := h.commit(
		result(srcA, item(srcA, "a1", 1), item(srcA, "a2", 2)),
		result(srcB, b1),
		&aggregator.SourceResult{State: aggregator.SourceState{URL: srcC, LastStatus: 304}},
		&aggregator.SourceResult{State: aggregator.SourceState{URL: srcD, LastError: "connection refused", ConsecutiveFailures: 1}, Failed: true},
	)
	if want := (aggregator.CommitStats{Sources: 4, New: 3, Merged: 1}); st != want {
		t.Errorf("stats %+v, want %+v: 4 sources, 3 new items of which B's joined A's story in the same batch", st, want)
	}
	if got := slices.Sorted(maps.Keys(h.states())); !slices.Equal(got, []string{srcA, srcB, srcC, srcD}) {
		t.Errorf("states of %q, want every source of the batch", got)
	}
	changed := item(srcA, "a1", 1)
	changed.Hash = 99
	if st := h.commit(result(srcA, changed, item(srcA, "a2", 2))); st != (aggregator.CommitStats{Sources: 1, Updated: 1}) {
		t.Errorf("stats of an update %+v, want 1 source, 1 updated", st)
	}
}

// itemIsStoredWhole: every field of an item comes back as committed, from
// every way of reading it.
func itemIsStoredWhole(t *testing.T, o opener) {
	h := o.start(t, Options{NearDup: true})
	full := aggregator.Item{
		SourceURL: srcA, GUID: "urn:x-a:1", Link: "https://a.example/2026/harbour?id=1",
		Title:   "Harbour “festival” draws crowds — 港まつり",
		Summary: "<p>Crowds at the <b>harbour</b>.</p>", Content: "<p>The full text &amp; more.</p>",
		Authors:    []aggregator.Person{{Name: "Ada Lovelace", Email: "ada@a.example", URI: "https://a.example/ada"}, {Name: "Bo"}},
		Categories: []string{"News", "Harbour"},
		Enclosures: []aggregator.Enclosure{{URL: "https://a.example/ep1.mp3", Type: "audio/mpeg", Length: 12345678}},
		Image:      "https://a.example/pic.jpg", ImageWidth: 640, ImageHeight: 480, Language: "en",
		Published: t0, Updated: t0.Add(10 * time.Minute), DateOrigin: aggregator.DateFromFeed,
		Podcast: &media.Podcast{
			Image: "https://a.example/cover.jpg", Duration: 1800, Episode: 3, Season: 1, EpisodeType: "full",
			Explicit: "false", Author: "Ada", Summary: "An episode.", Categories: []string{"News"},
			Transcripts: []media.PodcastLink{{URL: "https://a.example/ep1.vtt", Type: "text/vtt", Language: "en"}},
			Chapters:    &media.PodcastLink{URL: "https://a.example/ep1.json", Type: "application/json+chapters"},
			Funding:     []media.PodcastLink{{URL: "https://a.example/give", Text: "Support us"}},
			Persons:     []media.PodcastPerson{{Name: "Ada", Role: "host", Group: "cast", Href: "https://a.example/ada", Img: "https://a.example/ada.jpg"}},
		},
	}
	full.CanonicalURL, _ = canon.URL(full.Link)
	rehash(&full)
	sign(&full)
	st := aggregator.SourceState{URL: srcA, Title: "Alpha News", SiteURL: "https://a.example/", FeedID: "urn:x-a:feed"}
	h.commit(&aggregator.SourceResult{State: st, Parsed: true, Items: []aggregator.Incoming{{Item: full}}})

	want := full
	want.Identity, want.FirstSeen = "guid:urn:x-a:1", h.now
	same := func(how string, got aggregator.Item) {
		t.Helper()
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Errorf("%s gives\n%s\nwant\n%s", how, g, w)
		}
	}
	es := h.of(srcA)
	if len(es) != 1 {
		t.Fatalf("%d entries, want 1", len(es))
	}
	same("Select", es[0].Item)
	if ref := (aggregator.SourceRef{URL: srcA, Title: st.Title, SiteURL: st.SiteURL, FeedID: st.FeedID}); es[0].Source != ref {
		t.Errorf("entry source %+v, want %+v from the source's state", es[0].Source, ref)
	}
	if !es[0].Published.Equal(full.Published) || !es[0].Updated.Equal(full.Updated) {
		t.Errorf("entry published %v updated %v, want the item's %v and %v", es[0].Published, es[0].Updated, full.Published, full.Updated)
	}
	if items := h.items(); len(items) == 1 {
		same("EachItem", items[0])
	} else {
		t.Errorf("EachItem gives %d items, want 1", len(items))
	}
	if stories := h.stories(); len(stories) == 1 && len(stories[0]) == 1 {
		same("EachStory", stories[0][0])
	} else {
		t.Errorf("EachStory gives %d stories, want 1 of 1 item", len(stories))
	}
	if items := h.byLink(full.Link); len(items) == 1 {
		same("ItemsByLink", items[0])
	} else {
		t.Errorf("ItemsByLink gives %d items, want 1", len(items))
	}
}

// sourceStateIsStoredWhole: a state comes back as committed, except the
// counts the store keeps itself.
func sourceStateIsStoredWhole(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.poll(srcA, item(srcA, "a1", 1), item(srcA, "a2", 2))
	notModified := aggregator.SourceState{
		URL: srcA, Title: "Alpha News", SiteURL: "https://a.example/", FeedID: "urn:x-a:feed",
		LastAttempt: t0, LastSuccess: t0, LastStatus: 304, NextDue: t0.Add(time.Hour),
		ETag: `W/"abc"`, LastModified: "Fri, 20 Nov 2026 12:00:00 GMT", BodyHash: "9f86d081884c7d65",
		IntervalSeconds: 3600, FeedIntervalSeconds: 1800,
		RedirectTo: "https://a2.example/feed", RedirectFirstSeen: t0.Add(-time.Hour), RedirectCount: 2,
		MovedFrom: "https://old.example/feed", ItemsLastFetch: 2, ItemsNew: 2, LastWarning: "titles cut",
	}
	failed := aggregator.SourceState{
		URL: srcB, LastAttempt: t0, LastStatus: 410, LastError: "410 Gone: the publisher removed this feed",
		ErrorKind: aggregator.ErrKindGone, ConsecutiveFailures: 3, FailingSince: t0.Add(-48 * time.Hour), Gone: true,
		Moved: true,
	}
	h.commit(&aggregator.SourceResult{State: notModified}, &aggregator.SourceResult{State: failed, Failed: true})

	wantA := notModified
	wantA.ItemsStored = 2 // the store's count, not the caller's 0
	for _, want := range []aggregator.SourceState{wantA, failed} {
		g, _ := json.Marshal(h.state(want.URL))
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Errorf("state of %s is\n%s\nwant\n%s", want.URL, g, w)
		}
	}
}
