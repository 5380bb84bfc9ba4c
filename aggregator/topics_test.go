package aggregator

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestTopicText(t *testing.T) {
	tests := []struct {
		name             string
		summary, content string
		want             string
	}{
		{"plain", "Kyiv under fire", "", "Kyiv under fire"},
		{"paragraphs end lines", "<p>First paragraph</p><p>Second one.</p>", "", "First paragraph\nSecond one."},
		{"br ends a line", "Line one<br>Line two<br/>three", "", "Line one\nLine two\nthree"},
		{"list items", "<ul><li>one</li><li>two</li></ul>", "", "one\ntwo"},
		{"inline tags join", "a <b>bold</b> <a href=\"x\">link</a>s", "", "a bold links"},
		{"entities decoded", "Caf&eacute; &amp; &#x141;&oacute;d&#378; &lt;b&gt;", "", "Café & Łódź <b>"},
		{"a newline in html text is a space", "<p>Russia said\non Monday</p>", "", "Russia said on Monday"},
		{"a blank line in plain text ends a line", "Headline without a stop\n\nThe war in Ukraine", "", "Headline without a stop\nThe war in Ukraine"},
		{"white space collapses", "  a \t b  ", "", "a b"},
		{"summary before content", "<p>Summary.</p>", "<p>Body one.</p><p>Body two.</p>", "Summary.\nBody one.\nBody two."},
		{"content only", "", "<div>Body</div>", "Body"},
		{"script and style skipped", "a<script>alert(1)</script> b<style>p{}</style>", "", "a b"},
		{"table cells separate words", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "", "a b\nc"},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TopicText(&Item{Summary: tt.summary, Content: tt.content})
			if got != tt.want {
				t.Errorf("TopicText = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLeadEndsWithTheFirstParagraph pins why TopicText keeps paragraph
// breaks: the lead is the first sentence, and a first paragraph without a
// full stop (a standfirst, a dateline) must not run on into the body.
func TestLeadEndsWithTheFirstParagraph(t *testing.T) {
	q, err := CompileQuery("lead:ukrain*", nil)
	if err != nil {
		t.Fatal(err)
	}
	src := &Source{URL: "https://x.example/feed", Title: "X"}
	passing := &Item{Title: "Markets rally", Summary: "<p>Stocks rose across Europe on Monday</p><p>Ukraine was barely mentioned by traders.</p>"}
	if q.Match(PrepareItem(src, passing)) {
		t.Error("lead:ukrain* matched a word in the second paragraph")
	}
	leading := &Item{Title: "Markets rally", Summary: "<p>Ukraine bonds rose across Europe on Monday</p><p>Traders cheered.</p>"}
	if !q.Match(PrepareItem(src, leading)) {
		t.Error("lead:ukrain* missed a word in the first paragraph")
	}
}

func TestDocOfFields(t *testing.T) {
	src := &Source{URL: "https://x.example/feed", Title: "Kyiv Independent", Categories: []string{"World", "World/Europe"}}
	it := &Item{
		Title: "Title", Link: "https://x.example/news/grain-deal", Categories: []string{"Economy"},
		Authors: []Person{{Name: "Olena"}, {Email: "only@mail.example"}},
	}
	cases := []struct {
		query string
		want  bool
	}{
		{"source:kyiv", true},
		{`source:"world europe"`, true},
		{"author:olena", true},
		{"author:only", false},
		{"category:economy", true},
		{"url:grain", true},
		{"title:title", true},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			q, err := CompileQuery(c.query, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Match(PrepareItem(src, it)); got != c.want {
				t.Errorf("%s matched = %v, want %v", c.query, got, c.want)
			}
		})
	}
}

func testCollection(t *testing.T, topics ...Topic) *Collection {
	t.Helper()
	c := &Collection{Sources: []Source{
		{URL: "https://a.example/feed", Title: "A", Categories: []string{"World"}},
		{URL: "https://b.example/feed", Title: "B", Categories: []string{"Sport"}},
	}}
	for _, tp := range topics {
		m, err := CompileQuery(tp.Query, nil)
		if err != nil {
			t.Fatal(err)
		}
		tp.Matcher = m
		c.Topics = append(c.Topics, tp)
	}
	return c
}

func TestTopicKey(t *testing.T) {
	base := testCollection(t, Topic{Name: "T", Query: "ukraine OR kyiv"})
	key := func(c *Collection) TopicKey { return c.TopicKey(&c.Topics[0]) }
	k0 := key(base)
	cases := []struct {
		name string
		c    *Collection
		same bool
	}{
		{"re-indented query", testCollection(t, Topic{Name: "T", Query: "  ukraine\n   OR   kyiv "}), true},
		{"renamed topic", testCollection(t, Topic{Name: "Other name", Query: "ukraine OR kyiv"}), true},
		{"edited query", testCollection(t, Topic{Name: "T", Query: "ukraine OR kiev"}), false},
		{"scoped", testCollection(t, Topic{Name: "T", Query: "ukraine OR kyiv", Scope: "World"}), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := key(c.c) == k0; got != c.same {
				t.Errorf("same key = %v, want %v", got, c.same)
			}
		})
	}
	t.Run("a source added to the scope", func(t *testing.T) {
		c := testCollection(t, Topic{Name: "T", Query: "ukraine", Scope: "World"})
		before := key(c)
		c.Sources = append(c.Sources, Source{URL: "https://c.example/feed", Categories: []string{"World"}})
		if key(c) == before {
			t.Error("adding a source to a scoped topic's folder kept its key: its items would never be matched")
		}
		c.Sources = append(c.Sources, Source{URL: "https://d.example/feed", Categories: []string{"Sport"}})
		c.Sources[0], c.Sources[2] = c.Sources[2], c.Sources[0]
		after := key(c)
		c.Sources = c.Sources[:3]
		if key(c) != after {
			t.Error("a source outside the scope, or the order of sources, changed the key")
		}
	})
	t.Run("a renamed source changes source: topics only", func(t *testing.T) {
		plain := testCollection(t, Topic{Name: "T", Query: "ukraine"})
		bySource := testCollection(t, Topic{Name: "T", Query: "source:a"})
		k1, k2 := key(plain), key(bySource)
		plain.Sources[0].Title, bySource.Sources[0].Title = "Renamed", "Renamed"
		if key(plain) != k1 {
			t.Error("renaming a source rebuilt a topic that does not read source:")
		}
		if key(bySource) == k2 {
			t.Error("renaming a source kept the key of a topic that reads source:")
		}
	})
	if k0 == 0 {
		t.Error("key 0 means no topic")
	}
}

func TestQueryProblem(t *testing.T) {
	cases := []struct {
		query string
		want  string
	}{
		{"title:(ukraine OR kyiv", "query does not parse at column 23: expected \")\" to close the \"(\" at column 7, found the end of the query\n" +
			"    title:(ukraine OR kyiv\n" +
			"                          ^"},
		{"ukraine\n  AND (kyiv OR", "query does not parse at line 2 of the query, column 15: expected a term, found the end of the query\n" +
			"      AND (kyiv OR\n" +
			"                  ^"},
	}
	for _, c := range cases {
		_, err := CompileQuery(c.query, nil)
		if err == nil {
			t.Fatalf("%q compiled", c.query)
		}
		if got := QueryProblem(err); got != c.want {
			t.Errorf("QueryProblem(%q) =\n%s\nwant\n%s", c.query, got, c.want)
		}
	}
	if got := QueryProblem(errors.New("boom")); got != "query does not parse: boom" {
		t.Errorf("other error: %q", got)
	}
}

// topicStore is an in-memory Store: items in order of
// arrival, each with its topic keys.
type topicStore struct {
	items   []Item
	topics  map[TopicKey]map[int]bool // topic → item indexes
	built   map[TopicKey]bool
	builds  []TopicKey
	dropped []TopicKey
}

func newTopicStore(items ...Item) *topicStore {
	return &topicStore{items: items, topics: map[TopicKey]map[int]bool{}, built: map[TopicKey]bool{}}
}

func (m *topicStore) SourceStates(context.Context) (map[string]SourceState, error) { return nil, nil }
func (m *topicStore) Commit(context.Context, []*SourceResult) (CommitStats, error) {
	return CommitStats{}, nil
}
func (m *topicStore) Select(context.Context, Selection) ([]Entry, error) { return nil, nil }
func (m *topicStore) SelectEach(context.Context, Selection, func(*Entry) error) error {
	return nil
}
func (m *topicStore) TopicBuilt(_ context.Context, k TopicKey) (bool, error) {
	return m.built[k], nil
}
func (m *topicStore) BuildTopic(_ context.Context, k TopicKey, match func(*Item) bool) (int, error) {
	m.builds = append(m.builds, k)
	m.topics[k] = map[int]bool{}
	for i := range m.items {
		if match(&m.items[i]) {
			m.topics[k][i] = true
		}
	}
	m.built[k] = true
	return len(m.topics[k]), nil
}
func (m *topicStore) DropTopics(_ context.Context, keep []TopicKey) error {
	for k := range m.built {
		if !slices.Contains(keep, k) {
			delete(m.built, k)
			delete(m.topics, k)
			m.dropped = append(m.dropped, k)
		}
	}
	return nil
}
func (m *topicStore) EachItem(_ context.Context, fn func(*Item) error) error {
	for i := range m.items {
		it := m.items[i]
		if err := fn(&it); err != nil {
			return err
		}
	}
	return nil
}
func (m *topicStore) ItemsByLink(_ context.Context, link string) ([]Item, error) {
	var out []Item
	for _, it := range m.items {
		if it.Link == link {
			out = append(out, it)
		}
	}
	return out, nil
}

var day0 = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func topicItem(src, id, title, summary string, day int) Item {
	return Item{SourceURL: src, Identity: "guid:" + id, Link: "https://news.example/" + id,
		Title: title, Summary: summary, Published: day0.AddDate(0, 0, day)}
}

func topicItems() []Item {
	a, b := "https://a.example/feed", "https://b.example/feed"
	return []Item{
		topicItem(a, "1", "Kyiv under fire", "<p>Missiles hit the capital.</p>", 0),
		topicItem(b, "2", "Shakhtar win in Kyiv", "<p>Football.</p>", 1),
		topicItem(a, "3", "Markets", "<p>Stocks rose across Europe on Monday</p><p>Ukraine was mentioned.</p>", 2),
		topicItem(a, "4", "Weather", "<p>Rain.</p>", 3),
		topicItem("https://gone.example/feed", "5", "Kyiv again", "", 4),
		topicItem(a, "6", "Kyiv talks", "", 5),
	}
}

// TestPrepareTopicsMatchesLikeIngest checks that a rebuilt membership is
// what ingest would have recorded, that only missing topics are built,
// and that edited or removed topics are dropped.
func TestPrepareTopicsMatchesLikeIngest(t *testing.T) {
	c := testCollection(t,
		Topic{Name: "Kyiv", Query: "kyiv OR lead:ukrain*"},
		Topic{Name: "World Kyiv", Query: "kyiv", Scope: "World"},
	)
	st := newTopicStore(topicItems()...)
	if err := PrepareTopics(context.Background(), st, c); err != nil {
		t.Fatal(err)
	}
	if len(st.builds) != 2 {
		t.Fatalf("%d builds, want 2", len(st.builds))
	}
	ti := newTopicIndex(c)
	bySource := c.SourcesByURL()
	for i := range st.items {
		it := &st.items[i]
		var want []TopicKey
		if src := bySource[it.SourceURL]; src != nil {
			want = ti.match(src, it)
		}
		var got []TopicKey
		for _, k := range ti.keys {
			if st.topics[k][i] {
				got = append(got, k)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("item %q: rebuilt topics %v, ingest would give %v", it.Title, got, want)
		}
	}
	members := func(k TopicKey) []string {
		var out []string
		for i := range st.items {
			if st.topics[k][i] {
				out = append(out, st.items[i].Identity)
			}
		}
		return out
	}
	if got, want := members(ti.keys[0]), []string{"guid:1", "guid:2", "guid:6"}; !slices.Equal(got, want) {
		t.Errorf("unscoped topic = %v, want %v (no passing mention, no source outside the OPML)", got, want)
	}
	if got, want := members(ti.keys[1]), []string{"guid:1", "guid:6"}; !slices.Equal(got, want) {
		t.Errorf("scoped topic = %v, want %v", got, want)
	}

	// A second publish builds nothing; an edit builds the edited topic
	// only and drops its old membership.
	st.builds = nil
	if err := PrepareTopics(context.Background(), st, c); err != nil {
		t.Fatal(err)
	}
	if len(st.builds) != 0 || len(st.dropped) != 0 {
		t.Errorf("unchanged topics: %d builds, %d drops; want none", len(st.builds), len(st.dropped))
	}
	old := ti.keys[0]
	edited := testCollection(t, Topic{Name: "Kyiv", Query: "weather"}, Topic{Name: "World Kyiv", Query: "kyiv", Scope: "World"})
	if err := PrepareTopics(context.Background(), st, edited); err != nil {
		t.Fatal(err)
	}
	if len(st.builds) != 1 || !slices.Equal(st.dropped, []TopicKey{old}) {
		t.Errorf("after an edit: builds %v, dropped %v; want one build and the old key dropped", st.builds, st.dropped)
	}
	if got := members(edited.TopicKey(&edited.Topics[0])); !slices.Equal(got, []string{"guid:4"}) {
		t.Errorf("edited topic = %v, want [guid:4]", got)
	}
}
