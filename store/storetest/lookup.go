package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/canon"
)

var lookupBehaviours = []behaviour{
	{"EachItemInStoredOrder", lookupEachItem},
	{"EachStoryWithItsItems", lookupEachStory},
	{"ItemsByLink", lookupItemsByLink},
}

// linked is a test item whose canonical URL is computed as the normaliser
// does.
func linked(src, id, link string, minutes int) aggregator.Item {
	it := item(src, id, minutes)
	it.Link, it.CanonicalURL = link, ""
	if c, err := canon.URL(link); err == nil {
		it.CanonicalURL = c
	}
	return it
}

func lookupEachItem(t *testing.T, o opener) {
	h := o.start(t, Options{})
	h.commit(result(srcA, item(srcA, "a1", 1), item(srcA, "a2", 2)), result(srcB, item(srcB, "b1", 0)))
	h.commit(result(srcA, item(srcA, "a0", -10), item(srcA, "a1", 1)))
	if got, want := guids(h.items()), []string{"a1", "a2", "b1", "a0"}; !slices.Equal(got, want) {
		t.Errorf("EachItem = %q, want %q: in the order they were stored", got, want)
	}
	stop := errors.New("stop")
	n := 0
	err := h.s.EachItem(h.ctx, func(*aggregator.Item) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("EachItem after fn failed: %d calls, %v; want 1 call and the error", n, err)
	}
	ctx, cancel := context.WithCancel(h.ctx)
	cancel()
	if err := h.s.EachItem(ctx, func(*aggregator.Item) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("EachItem with a cancelled context = %v, want context.Canceled", err)
	}
}

func lookupEachStory(t *testing.T, o opener) {
	h := o.start(t, Options{})
	b1 := item(srcB, "b1", 5)
	b1.CanonicalURL = "example.org/a1" // a1's
	h.commit(result(srcA, item(srcA, "a1", 1), item(srcA, "a2", 2)))
	h.commit(result(srcB, b1))
	var got [][]string
	for _, items := range h.stories() {
		got = append(got, guids(items))
	}
	slices.SortFunc(got, func(a, b []string) int { return slices.Compare(a, b) })
	if want := [][]string{{"a1", "b1"}, {"a2"}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("EachStory = %q, want %q: every story once, its items first-seen first", got, want)
	}
	stop := errors.New("stop")
	n := 0
	err := h.s.EachStory(h.ctx, func([]aggregator.Item) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("EachStory after fn failed: %d calls, %v; want 1 call and the error", n, err)
	}
	ctx, cancel := context.WithCancel(h.ctx)
	cancel()
	if err := h.s.EachStory(ctx, func([]aggregator.Item) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("EachStory with a cancelled context = %v, want context.Canceled", err)
	}
}

func lookupItemsByLink(t *testing.T, o opener) {
	h := o.start(t, Options{})
	a := linked(srcA, "a1", "https://news.example/story?id=7", 1)
	b := linked(srcB, "b1", "http://www.news.example/story?id=7&utm_source=rss", 2) // same story
	other := linked(srcA, "a2", "https://news.example/other", 3)
	bare := item(srcB, "b2", 4)
	bare.Link, bare.CanonicalURL = "urn:x-local:42", "" // no canonical URL
	h.commit(result(srcA, a, other), result(srcB, b, bare))

	tests := []struct {
		link string
		want []string
	}{
		{"https://news.example/story?id=7", []string{"a1", "b1"}},
		{"https://news.example/story?id=7&utm_medium=email", []string{"a1", "b1"}},
		{"http://www.news.example/story?id=7&utm_source=rss", []string{"a1", "b1"}},
		{"https://news.example/other", []string{"a2"}},
		{"urn:x-local:42", []string{"b2"}},
		{"https://news.example/missing", nil},
	}
	for _, tt := range tests {
		if got := guids(h.byLink(tt.link)); !slices.Equal(got, tt.want) {
			t.Errorf("ItemsByLink(%q) = %q, want %q", tt.link, got, tt.want)
		}
	}
}
