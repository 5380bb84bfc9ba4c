package topictry

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// items is an ItemReader over a list, in order of arrival.
type items []aggregator.Item

func (l items) EachItem(_ context.Context, fn func(*aggregator.Item) error) error {
	for i := range l {
		it := l[i]
		if err := fn(&it); err != nil {
			return err
		}
	}
	return nil
}

func (l items) ItemsByLink(_ context.Context, link string) ([]aggregator.Item, error) {
	var out []aggregator.Item
	for _, it := range l {
		if it.Link == link {
			out = append(out, it)
		}
	}
	return out, nil
}

func testCollection(t *testing.T, topics ...aggregator.Topic) *aggregator.Collection {
	t.Helper()
	c := &aggregator.Collection{Sources: []aggregator.Source{
		{URL: "https://a.example/feed", Title: "A", Categories: []string{"World"}},
		{URL: "https://b.example/feed", Title: "B", Categories: []string{"Sport"}},
	}}
	for _, tp := range topics {
		m, err := aggregator.CompileQuery(tp.Query, nil)
		if err != nil {
			t.Fatal(err)
		}
		tp.Matcher = m
		c.Topics = append(c.Topics, tp)
	}
	return c
}

var day0 = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func topicItem(src, id, title, summary string, day int) aggregator.Item {
	return aggregator.Item{SourceURL: src, Identity: "guid:" + id, Link: "https://news.example/" + id,
		Title: title, Summary: summary, Published: day0.AddDate(0, 0, day)}
}

func topicItems() []aggregator.Item {
	a, b := "https://a.example/feed", "https://b.example/feed"
	return []aggregator.Item{
		topicItem(a, "1", "Kyiv under fire", "<p>Missiles hit the capital.</p>", 0),
		topicItem(b, "2", "Shakhtar win in Kyiv", "<p>Football.</p>", 1),
		topicItem(a, "3", "Markets", "<p>Stocks rose across Europe on Monday</p><p>Ukraine was mentioned.</p>", 2),
		topicItem(a, "4", "Weather", "<p>Rain.</p>", 3),
		topicItem("https://gone.example/feed", "5", "Kyiv again", "", 4),
		topicItem(a, "6", "Kyiv talks", "", 5),
	}
}

func TestTryQuery(t *testing.T) {
	c := testCollection(t)
	st := items(topicItems())
	q, err := aggregator.CompileQuery("kyiv", nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(ms []QueryMatch) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Item.Identity)
		}
		return out
	}
	cases := []struct {
		name          string
		scope         string
		limit         int
		want          []string
		matched, read int
	}{
		{"all", "", 0, []string{"guid:6", "guid:2", "guid:1"}, 3, 5},
		{"limited", "", 2, []string{"guid:6", "guid:2"}, 3, 5},
		{"scoped", "World", 0, []string{"guid:6", "guid:1"}, 2, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := TryQuery(context.Background(), st, c, q, tc.scope, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(res.Matches); !slices.Equal(got, tc.want) {
				t.Errorf("matches = %v, want %v (newest first)", got, tc.want)
			}
			if res.Matched != tc.matched || res.Read != tc.read {
				t.Errorf("matched %d of %d, want %d of %d", res.Matched, res.Read, tc.matched, tc.read)
			}
			for _, m := range res.Matches {
				if m.Source == nil || m.Source.URL != m.Item.SourceURL {
					t.Errorf("match %s has source %v", m.Item.Identity, m.Source)
				}
			}
		})
	}
}

// TestTestQueryManyItems runs the concurrent matcher over more items than
// its buffers hold, so trimming and ordering are exercised.
func TestTryQueryManyItems(t *testing.T) {
	c := testCollection(t)
	var its items
	for i := range 1000 {
		title := "Weather"
		if i%3 == 0 {
			title = "Kyiv"
		}
		its = append(its, topicItem("https://a.example/feed", strings.Repeat("x", i%7)+string(rune('a'+i%26)), title, "", i/5))
	}
	q, _ := aggregator.CompileQuery("kyiv", nil)
	res, err := TryQuery(context.Background(), its, c, q, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if res.Matched != 334 || res.Read != 1000 || len(res.Matches) != 10 {
		t.Fatalf("matched %d of %d, %d kept; want 334 of 1000, 10 kept", res.Matched, res.Read, len(res.Matches))
	}
	if !slices.IsSortedFunc(res.Matches, newerFirst) || !res.Matches[0].Item.Published.Equal(day0.AddDate(0, 0, 999/5)) {
		t.Errorf("matches not newest first: first is %v", res.Matches[0].Item.Published)
	}
}

func TestExplainQuery(t *testing.T) {
	c := testCollection(t)
	st := items(topicItems())
	q, _ := aggregator.CompileQuery("kyiv -football", nil)
	cases := []struct {
		name, link, scope string
		matched, covered  bool
		known             bool
		has               string
	}{
		{"matches", "https://news.example/1", "", true, true, true, `title "kyiv"`},
		{"excluded", "https://news.example/2", "", false, true, true, `football: content "football"`},
		{"outside the scope", "https://news.example/2", "World", false, false, true, ""},
		{"source gone", "https://news.example/5", "", true, false, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ExplainQuery(context.Background(), st, c, q, tc.scope, tc.link)
			if err != nil || len(got) != 1 {
				t.Fatalf("ExplainQuery = %d items, %v; want 1", len(got), err)
			}
			x := got[0]
			if x.Explanation.Matched != tc.matched || x.Covered != tc.covered || (x.Source != nil) != tc.known {
				t.Errorf("matched %v covered %v known %v, want %v %v %v", x.Explanation.Matched, x.Covered, x.Source != nil, tc.matched, tc.covered, tc.known)
			}
			if s := x.Explanation.String(); !strings.Contains(s, tc.has) {
				t.Errorf("explanation lacks %q:\n%s", tc.has, s)
			}
		})
	}
	if got, err := ExplainQuery(context.Background(), st, c, q, "", "https://nowhere.example/"); err != nil || len(got) != 0 {
		t.Errorf("unknown link: %d items, %v", len(got), err)
	}
}
