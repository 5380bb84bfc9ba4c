package pgstore

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/canon"
)

// linked is a test item whose canonical URL is computed as the normaliser
// does.
func linked(t *testing.T, src, id, link string, minutes int) aggregator.Item {
	t.Helper()
	it := item(src, id, minutes)
	it.Link, it.CanonicalURL = link, ""
	if c, err := canon.URL(link); err == nil {
		it.CanonicalURL = c
	}
	return it
}

func TestEachItemReadsEveryItemInStoredOrder(t *testing.T) {
	db := openTest(t, Options{})
	commit(t, db, result(srcA, item(srcA, "a1", 1), item(srcA, "a2", 2)), result(srcB, item(srcB, "b1", 0)))
	var got []string
	err := db.EachItem(context.Background(), func(it *aggregator.Item) error {
		got = append(got, it.GUID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a1", "a2", "b1"}; !slices.Equal(got, want) {
		t.Errorf("EachItem = %v, want %v", got, want)
	}

	stop := errors.New("stop")
	n := 0
	err = db.EachItem(context.Background(), func(*aggregator.Item) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("EachItem after fn failed: %d calls, %v; want 1 call and the error", n, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := db.EachItem(ctx, func(*aggregator.Item) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("EachItem with a cancelled context = %v", err)
	}
}

func TestItemsByLink(t *testing.T) {
	db := openTest(t, Options{})
	a := linked(t, srcA, "a1", "https://news.example/story?id=7", 1)
	b := linked(t, srcB, "b1", "http://www.news.example/story?id=7&utm_source=rss", 2) // same story
	other := linked(t, srcA, "a2", "https://news.example/other", 3)
	bare := item(srcB, "b2", 4)
	bare.Link, bare.CanonicalURL = "urn:x-local:42", "" // no canonical URL
	commit(t, db, result(srcA, a, other), result(srcB, b, bare))

	cases := []struct {
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
	for _, c := range cases {
		t.Run(c.link, func(t *testing.T) {
			items, err := db.ItemsByLink(context.Background(), c.link)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range items {
				got = append(got, it.GUID)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("ItemsByLink(%q) = %v, want %v", c.link, got, c.want)
			}
		})
	}
}

func TestTopicSize(t *testing.T) {
	db := openTest(t, Options{})
	const key = aggregator.TopicKey(9)
	ctx := context.Background()
	if n, built, err := db.TopicSize(ctx, key); err != nil || n != 0 || built {
		t.Fatalf("empty store: TopicSize = %d, %v, %v", n, built, err)
	}
	commit(t, db, result(srcA, item(srcA, "x1", 1), item(srcA, "x2", 2), item(srcA, "y", 3)))
	// A neighbouring key must not be counted.
	r := result(srcB, item(srcB, "z", 4))
	r.Items[0].Topics = []aggregator.TopicKey{key + 1}
	commit(t, db, r)
	if _, err := db.BuildTopic(ctx, key, func(it *aggregator.Item) bool { return it.GUID[0] == 'x' }); err != nil {
		t.Fatal(err)
	}
	if n, built, err := db.TopicSize(ctx, key); err != nil || n != 2 || !built {
		t.Errorf("TopicSize = %d, %v, %v; want 2 stories, built", n, built, err)
	}
	if n, built, _ := db.TopicSize(ctx, key+1); n != 1 || built {
		t.Errorf("ingested-only topic: TopicSize = %d, built %v; want 1, not built", n, built)
	}
}
