package fold

import (
	"cmp"
	"maps"
	"slices"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
)

// memTx is Tx over maps, for testing the rules without a database. It
// copies every record in and out, as a real store encodes and decodes
// them, so a rule that changes a record without putting it back is caught.
// Index entries keep bbolt's semantics: filing an entry that exists
// overwrites it, and near-duplicate candidates come in (time, story) order.
type memTx struct {
	states   map[string]aggregator.SourceState
	items    map[uint64]ItemRecord
	stories  map[StoryID]Story
	itemSeq  uint64
	storySeq StoryID
	byTime   []entry
	idents   map[identEntry]Ident
	urls     map[string]StoryID
	near     map[uint64][]entry // sorted by (t, id)
	sigs     map[uint64]sigEntry
	bySource map[aggregator.SourceID][]entry
	topics   map[aggregator.TopicKey][]entry
	current  map[aggregator.SourceID][]StoryID
	// reads and writes count Item and PutItem calls.
	reads, writes int
}

// entry is one index entry: a story at its time, and for a near-duplicate
// entry the item that filed it.
type entry struct {
	t   uint64
	id  StoryID
	seq uint64
}

type identEntry struct {
	src      aggregator.SourceID
	identity string
}

type sigEntry struct {
	src aggregator.SourceID
	sig fingerprint.Signature
}

var _ Tx = (*memTx)(nil)

func newMemTx() *memTx {
	return &memTx{
		states:   map[string]aggregator.SourceState{},
		items:    map[uint64]ItemRecord{},
		stories:  map[StoryID]Story{},
		idents:   map[identEntry]Ident{},
		urls:     map[string]StoryID{},
		near:     map[uint64][]entry{},
		sigs:     map[uint64]sigEntry{},
		bySource: map[aggregator.SourceID][]entry{},
		topics:   map[aggregator.TopicKey][]entry{},
		current:  map[aggregator.SourceID][]StoryID{},
	}
}

func cloneRecord(r ItemRecord) *ItemRecord {
	r.Topics = slices.Clone(r.Topics)
	r.Near = slices.Clone(r.Near)
	return &r
}

func cloneStory(s Story) *Story {
	s.Members = slices.Clone(s.Members)
	return &s
}

func (m *memTx) State(url string) (*aggregator.SourceState, error) {
	st, ok := m.states[url]
	if !ok {
		return nil, nil
	}
	return &st, nil
}

func (m *memTx) PutState(st *aggregator.SourceState) error {
	m.states[st.URL] = *st
	return nil
}

func (m *memTx) Item(seq uint64) (*ItemRecord, error) {
	m.reads++
	r, ok := m.items[seq]
	if !ok {
		return nil, nil
	}
	return cloneRecord(r), nil
}

func (m *memTx) PutItem(seq uint64, rec *ItemRecord) error {
	m.writes++
	m.items[seq] = *cloneRecord(*rec)
	return nil
}

var _ ItemStories = (*memTx)(nil)

func (m *memTx) ItemStory(seq uint64) (StoryID, bool, error) {
	r, ok := m.items[seq]
	return r.Story, ok, nil
}

func (m *memTx) NewItemSeq() (uint64, error) {
	m.itemSeq++
	return m.itemSeq, nil
}

func (m *memTx) Story(id StoryID) (*Story, error) {
	s, ok := m.stories[id]
	if !ok {
		return nil, nil
	}
	return cloneStory(s), nil
}

func (m *memTx) PutStory(id StoryID, s *Story) error {
	m.stories[id] = *cloneStory(*s)
	return nil
}

func (m *memTx) NewStory(t uint64) (StoryID, error) {
	m.storySeq++
	m.byTime = file(m.byTime, entry{t: t, id: m.storySeq})
	return m.storySeq, nil
}

func (m *memTx) Ident(src aggregator.SourceID, identity string) (Ident, bool, error) {
	v, ok := m.idents[identEntry{src, identity}]
	return v, ok, nil
}

func (m *memTx) FileIdent(src aggregator.SourceID, identity string, v Ident) error {
	m.idents[identEntry{src, identity}] = v
	return nil
}

func (m *memTx) UnfileIdent(src aggregator.SourceID, identity string) error {
	delete(m.idents, identEntry{src, identity})
	return nil
}

func (m *memTx) StoryByURL(canonical string) (StoryID, bool, error) {
	id, ok := m.urls[canonical]
	return id, ok, nil
}

func (m *memTx) FileURL(canonical string, id StoryID) error {
	if _, ok := m.urls[canonical]; !ok {
		m.urls[canonical] = id
	}
	return nil
}

func (m *memTx) NearCandidates(k, lo, hi uint64, limit int, fn func(StoryID, uint64) (bool, error)) error {
	seen := 0
	for _, e := range m.near[k] {
		if e.t < lo || e.t > hi {
			continue
		}
		if seen == limit {
			return nil
		}
		seen++
		if more, err := fn(e.id, e.seq); !more || err != nil {
			return err
		}
	}
	return nil
}

func (m *memTx) FileNear(k, t uint64, id StoryID, seq uint64) error {
	m.near[k] = file(m.near[k], entry{t: t, id: id, seq: seq})
	return nil
}

func (m *memTx) UnfileNear(k, t uint64, id StoryID) error {
	m.near[k] = unfile(m.near[k], entry{t: t, id: id})
	return nil
}

func (m *memTx) Signature(seq uint64) (aggregator.SourceID, fingerprint.Signature, error) {
	s := m.sigs[seq]
	return s.src, s.sig, nil
}

func (m *memTx) PutSignature(seq uint64, src aggregator.SourceID, sig *fingerprint.Signature) error {
	m.sigs[seq] = sigEntry{src, *sig}
	return nil
}

func (m *memTx) FileSource(src aggregator.SourceID, t uint64, id StoryID) error {
	m.bySource[src] = file(m.bySource[src], entry{t: t, id: id})
	return nil
}

func (m *memTx) FileTopic(k aggregator.TopicKey, t uint64, id StoryID) error {
	m.topics[k] = file(m.topics[k], entry{t: t, id: id})
	return nil
}

func (m *memTx) UnfileTopic(k aggregator.TopicKey, t uint64, id StoryID) error {
	m.topics[k] = unfile(m.topics[k], entry{t: t, id: id})
	return nil
}

func (m *memTx) PutCurrent(src aggregator.SourceID, ids []StoryID) error {
	m.current[src] = slices.Clone(ids)
	return nil
}

// compareEntries orders entries by time, then story: the order of a
// bbolt index keyed by (time, story).
func compareEntries(a, b entry) int {
	return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.id, b.id))
}

// file puts e in the sorted entries es, replacing an entry with the same
// time and story.
func file(es []entry, e entry) []entry {
	i, found := slices.BinarySearchFunc(es, e, compareEntries)
	if found {
		es[i] = e
		return es
	}
	return slices.Insert(es, i, e)
}

// unfile removes the entry with e's time and story from es.
func unfile(es []entry, e entry) []entry {
	if i, found := slices.BinarySearchFunc(es, e, compareEntries); found {
		return slices.Delete(es, i, i+1)
	}
	return es
}

// Inspection, for the tests' assertions.

// storyIDs are the stories of entries es, in index order.
func storyIDs(es []entry) []StoryID {
	ids := make([]StoryID, len(es))
	for i, e := range es {
		ids[i] = e.id
	}
	return ids
}

// topicStories are the stories filed in topic k.
func (m *memTx) topicStories(k aggregator.TopicKey) []StoryID { return storyIDs(m.topics[k]) }

// nearStories are the stories filed under near-duplicate key k.
func (m *memTx) nearStories(k uint64) []StoryID { return storyIDs(m.near[k]) }

// sourceStories are the stories filed among source src's.
func (m *memTx) sourceStories(src aggregator.SourceID) []StoryID { return storyIDs(m.bySource[src]) }

// identSeq is the item that identity of src points at (0 for none).
func (m *memTx) identSeq(src aggregator.SourceID, identity string) uint64 {
	return m.idents[identEntry{src, identity}].Seq
}

// sourceItems are the stored items of source url, in seq order.
func (m *memTx) sourceItems(url string) []ItemRecord {
	var recs []ItemRecord
	for _, seq := range slices.Sorted(maps.Keys(m.items)) {
		if r := m.items[seq]; r.Item.SourceURL == url {
			recs = append(recs, r)
		}
	}
	return recs
}
