package aggregator

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"

	"github.com/feedloom/feedloom/aggregator/query"
)

// Matcher is a compiled topic query.
type Matcher = *query.Query

// CompileQuery is the QueryCompiler for LoadOPML: the query language of
// package query.
func CompileQuery(q string) (Matcher, error) { return query.Compile(q) }

// Key is the topic's key in the store: a hash of its query text and of
// the sources it covers, so editing either starts a fresh membership that
// is rebuilt over the whole store.
func (c *Collection) TopicKey(t *Topic) TopicKey {
	h := sha256.New()
	h.Write([]byte("feedloom topic v1\x00"))
	h.Write([]byte(t.Query))
	h.Write([]byte{0})
	h.Write([]byte(t.Scope))
	if t.Scope != "" {
		urls := []string{}
		for _, s := range c.SourcesIn(t.Scope) {
			urls = append(urls, s.URL)
		}
		slices.Sort(urls)
		for _, u := range urls {
			h.Write([]byte{0})
			h.Write([]byte(u))
		}
	}
	k := TopicKey(binary.BigEndian.Uint64(h.Sum(nil)[:8]))
	if k == 0 {
		k = 1 // 0 means "no topic" in a Selection
	}
	return k
}

// topicIndex knows, for every source, which topics cover it.
type topicIndex struct {
	topics []*Topic
	keys   []TopicKey
}

func newTopicIndex(c *Collection) *topicIndex {
	ti := &topicIndex{}
	for i := range c.Topics {
		t := &c.Topics[i]
		if t.Matcher == nil {
			continue
		}
		ti.topics = append(ti.topics, t)
		ti.keys = append(ti.keys, c.TopicKey(t))
	}
	return ti
}

// match returns the keys of the topics covering src that item it (whose
// summary and content read as text) matches.
func (ti *topicIndex) match(src *Source, it *Item, text string) []TopicKey {
	var out []TopicKey
	var p *query.Prepared
	for i, t := range ti.topics {
		if t.Scope != "" && !src.InCategory(t.Scope) {
			continue
		}
		if p == nil {
			p = query.Prepare(DocOf(src, it, text))
		}
		if t.Matcher.Match(p) {
			out = append(out, ti.keys[i])
		}
	}
	return out
}

// DocOf is an item as topic queries see it: text fields, the source's name
// and categories, the link.
func DocOf(src *Source, it *Item, text string) *query.Doc {
	d := &query.Doc{Title: it.Title, Content: text, Categories: it.Categories, URL: it.Link}
	for _, a := range it.Authors {
		if a.Name != "" {
			d.Authors = append(d.Authors, a.Name)
		}
	}
	if src != nil {
		if src.Title != "" {
			d.Source = append(d.Source, src.Title)
		}
		d.Source = append(d.Source, src.Categories...)
	}
	return d
}
