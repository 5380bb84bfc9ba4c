package aggregator

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/feedloom/feedloom/aggregator/htmltext"
	"github.com/feedloom/feedloom/aggregator/query"
)

// CompileQuery is the opml.QueryCompiler for opml.Load: the query language of
// package query, with the OPML file's word lists (nil when there are none).
func CompileQuery(q string, lists query.Lists) (*query.Query, error) {
	return query.CompileWith(q, lists)
}

// QueryProblem says why a query does not compile, for people: for a
// syntax error, where (the query's line, when it spans several, and
// column), what was expected, and the query's line with a caret under the
// column, indented under the message.
func QueryProblem(err error) string {
	var se *query.SyntaxError
	if !errors.As(err, &se) {
		return fmt.Sprintf("query does not parse: %v", err)
	}
	where := fmt.Sprintf("column %d", se.Col)
	if strings.Contains(se.Query, "\n") {
		where = fmt.Sprintf("line %d of the query, column %d", se.Line, se.Col)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "query does not parse at %s: %s", where, se.Msg)
	for _, l := range strings.Split(se.Caret(), "\n") {
		b.WriteString("\n    " + l)
	}
	return b.String()
}

// topicKeyVersion names how items are turned into query documents
// (DocOf, TopicText) and matched. Changing either changes what a stored
// membership means, so bump it: every topic is then rebuilt over the whole
// store on the next publish.
const topicKeyVersion = "feedloom topic v3" // v3: transliteration, inflection, CJK characters

// TopicKey is the topic's key in the store: a hash of what decides its
// membership, so that editing any of it starts a fresh membership that is
// rebuilt over the whole store. That is the query (its canonical form, so
// re-indenting it costs no rebuild), the scope and, for a scoped topic,
// the sources in it; and, when the query reads the source: field, every
// source's name and categories, which that field searches.
func (c *Collection) TopicKey(t *Topic) TopicKey {
	h := sha256.New()
	w := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	w(topicKeyVersion)
	q := t.Query
	if t.Matcher != nil {
		q = t.Matcher.String()
	}
	w(q)
	w(t.Scope)
	if t.Scope != "" {
		urls := c.SourceURLsIn(t.Scope)
		slices.Sort(urls)
		for _, u := range urls {
			w(u)
		}
	}
	if strings.Contains(q, "source:") {
		// Sorted, so that reordering the OPML costs no rebuild.
		var names []string
		for _, s := range c.SourcesIn(t.Scope) {
			names = append(names, s.URL+"\x01"+s.Title+"\x01"+strings.Join(s.Categories, "\x01"))
		}
		slices.Sort(names)
		for _, n := range names {
			w(n)
		}
	}
	k := TopicKey(binary.BigEndian.Uint64(h.Sum(nil)[:8]))
	if k == 0 {
		k = 1 // 0 means "no topic" in a Selection
	}
	return k
}

// Covers reports whether topic t reads the items of source src.
func (t *Topic) Covers(src *Source) bool {
	return src != nil && (t.Scope == "" || src.InCategory(t.Scope))
}

// topicIndex matches incoming items against every topic of a collection.
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

// match returns the keys of the topics covering src that item it matches.
// The item is prepared only when some topic covers its source.
func (ti *topicIndex) match(src *Source, it *Item) []TopicKey {
	var out []TopicKey
	var p *query.Prepared
	for i, t := range ti.topics {
		if !t.Covers(src) {
			continue
		}
		if p == nil {
			p = PrepareItem(src, it)
		}
		if t.Matcher.Match(p) {
			out = append(out, ti.keys[i])
		}
	}
	return out
}

// generation is the topics' share of the generation of src's documents
// (see reuse.go): the keys of the topics covering src, and the source's
// name and categories, which DocOf shows them. Any change to it makes the
// next poll match every item of the source again.
func (ti *topicIndex) generation(src *Source) uint64 {
	h := sha256.New()
	var b [8]byte
	for i, t := range ti.topics {
		if t.Covers(src) {
			binary.BigEndian.PutUint64(b[:], uint64(ti.keys[i]))
			h.Write(b[:])
		}
	}
	h.Write([]byte{0})
	h.Write([]byte(src.Title))
	for _, c := range src.Categories {
		h.Write([]byte{0})
		h.Write([]byte(c))
	}
	return binary.BigEndian.Uint64(h.Sum(nil)[:8])
}

// PrepareItem is item it of source src ready for matching. Ingest, the
// rebuild of a topic's membership, and `topics test` and `explain` all go
// through it, so they agree on what matches.
func PrepareItem(src *Source, it *Item) *query.Prepared {
	return query.Prepare(DocOf(src, it, TopicText(it)))
}

// DocOf is an item as topic queries see it: text fields, the source's name
// and categories, the link. text is the item's summary and content as
// plain text (TopicText).
func DocOf(src *Source, it *Item, text string) *query.Doc {
	d := &query.Doc{Title: it.Title, Content: text, Categories: it.Categories, URL: it.Link, Language: it.Language}
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

// TopicText is an item's summary and then its content as the plain text
// topic queries read (htmltext.Lines). Line ends matter to the query
// language: the lead (lead:) is the title plus the first sentence of this
// text. (fingerprintText, which fingerprints read, runs everything into
// one line.)
func TopicText(it *Item) string { return htmltext.Lines(it.Summary, it.Content) }
