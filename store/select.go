package store

import (
	"bytes"
	"container/heap"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	bolt "go.etcd.io/bbolt"
)

// Select returns the newest entries of one output, newest first: what
// SelectEach gives, as a slice.
func (db *DB) Select(ctx context.Context, sel aggregator.Selection) ([]aggregator.Entry, error) {
	return aggregator.Collect(ctx, db.SelectEach, sel)
}

// SelectEach calls fn with the newest entries of one output, newest first
// (ties by story id, so the order is total and stable), each as soon as it
// is read, all inside one read transaction; it stops at fn's first error
// and returns it as it is. Its cost grows with the number of entries
// given and the number of sources selected, not with the size of the
// store: topics walk their membership index back from the end; "all" and
// categories merge the per-source indexes. Its memory does not grow with
// the entries given, beyond a set of the story ids already given.
func (db *DB) SelectEach(ctx context.Context, sel aggregator.Selection, fn func(*aggregator.Entry) error) error {
	return db.selectWith(sel.Sources, func(r *reader, call func(func() error) error) error {
		since := uint64(0)
		if !sel.Since.IsZero() {
			since = fold.TimeKey(sel.Since)
		}
		var next func() (fold.StoryID, uint64, aggregator.SourceID, bool)
		if sel.Topic != 0 {
			next = r.walkTopic(uint64(sel.Topic))
		} else {
			next = r.mergeSources(sel.Sources)
		}
		seen := map[fold.StoryID]bool{}
		for given := 0; sel.Limit == 0 || given < sel.Limit; {
			if err := ctx.Err(); err != nil {
				return err
			}
			sid, t, src, ok := next()
			if !ok || t < since {
				break
			}
			if seen[sid] {
				continue
			}
			seen[sid] = true
			e, ok, err := r.entry(sid, t, src, sel.Whole == 0 || given < sel.Whole)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			given++
			if given%selectTrimEvery == 0 {
				db.trimMapping(r.tx)
			}
			if err := call(func() error { return fn(&e) }); err != nil {
				return err
			}
		}
		return nil
	})
}

// selectWith runs read in a read transaction, with a reader that selects
// the stories of sources (see reader.entry) and, in a large file, reads
// records by pread. read calls the caller's callback through call, which
// returns the callback's error as it is; a panic of the callback is
// raised again once the transaction is closed, and an error of the store
// is wrapped with the file's name.
func (db *DB) selectWith(sources []string, read func(r *reader, call func(func() error) error) error) error {
	defer db.releaseMapping()
	var fnErr error
	var fnPanic any
	defer func() {
		if fnPanic != nil {
			panic(fnPanic) // fn's own, not a sign of a damaged store
		}
	}()
	call := func(fn func() error) error {
		fnErr = callOutside(fn, &fnPanic)
		return fnErr
	}
	err := db.view(func(tx *bolt.Tx) error {
		r := &reader{tx: tx, states: map[aggregator.SourceID]*aggregator.SourceRef{}, allowed: map[aggregator.SourceID]bool{}}
		if tx.Size() > preadFrom {
			if f, err := os.Open(db.path); err == nil { // under bbolt's lock: the file tx reads
				defer f.Close()
				r.pages = newPageReader(tx, f)
			}
		}
		for _, u := range sources {
			r.allowed[aggregator.SourceIDOf(u)] = true
		}
		return read(r, call)
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return fmt.Errorf("select from %s: %w", db.path, err)
	}
	return nil
}

// preadFrom is the file size from which SelectEach reads records by pread
// (pread.go): a file larger than the mapping the process keeps. A smaller
// one stays mapped, and its pages cost no faults once touched, where a
// read costs a system call (BenchmarkTopicSelect of a store of 10,000
// items took 1.7 ms by pread against 1.25 ms through the mapping).
var preadFrom int64 = mappingBudget

// selectTrimEvery is how many entries SelectEach gives between checks of the
// file mapping's resident size: a long walk reads most of the file, and
// its pages would otherwise all count as the process's memory.
const selectTrimEvery = 256

// errCallerPanicked stands for a panic of SelectEach's callback, which is
// raised again once the transaction is closed: reading the store turns
// its own panics into damage reports, and the caller's must not be
// mistaken for one.
var errCallerPanicked = errors.New("select callback panicked")

// callOutside calls fn, catching a panic into *p.
func callOutside(fn func() error, p *any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			*p, err = r, errCallerPanicked
		}
	}()
	return fn()
}

type reader struct {
	tx      *bolt.Tx
	states  map[aggregator.SourceID]*aggregator.SourceRef
	allowed map[aggregator.SourceID]bool
	// pages reads the story and item records (pread.go), when the file
	// could be opened; the value it returns is valid until its next read.
	pages *pageReader
}

// get returns the record of key in bucket name, read by the page reader
// when there is one; the caller decodes it before the next get.
func (r *reader) get(name, key []byte) ([]byte, error) {
	b := r.tx.Bucket(name)
	if r.pages == nil {
		return b.Get(key), nil
	}
	return r.pages.get(name, b, key)
}

// walkTopic iterates a topic's members newest first.
func (r *reader) walkTopic(topic uint64) func() (fold.StoryID, uint64, aggregator.SourceID, bool) {
	c := r.tx.Bucket(bucketTopics).Cursor()
	prefix := u64(topic)
	k := seekLast(c, prefix)
	return func() (fold.StoryID, uint64, aggregator.SourceID, bool) {
		if k == nil || !bytes.HasPrefix(k, prefix) {
			return 0, 0, 0, false
		}
		sid, t := fold.StoryID(be64(k[16:])), be64(k[8:16])
		k, _ = c.Prev()
		return sid, t, 0, true
	}
}

// seekLast positions c on the last key with the given 8-byte prefix (or
// before it, when there is none).
func seekLast(c *bolt.Cursor, prefix []byte) []byte {
	end := binary.BigEndian.Uint64(prefix)
	var k []byte
	if end == ^uint64(0) {
		k, _ = c.Last()
	} else if k, _ = c.Seek(u64(end + 1)); k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	return k
}

// mergeSources merges the per-source indexes of the given sources, newest
// first, with a heap of one cursor per source.
func (r *reader) mergeSources(urls []string) func() (fold.StoryID, uint64, aggregator.SourceID, bool) {
	b := r.tx.Bucket(bucketBySource)
	h := &cursorHeap{}
	for _, u := range urls {
		prefix := u64(uint64(aggregator.SourceIDOf(u)))
		c := b.Cursor()
		if k := seekLast(c, prefix); k != nil && bytes.HasPrefix(k, prefix) {
			h.items = append(h.items, &srcCursor{c: c, prefix: prefix, key: k})
		}
	}
	heap.Init(h)
	return func() (fold.StoryID, uint64, aggregator.SourceID, bool) {
		if h.Len() == 0 {
			return 0, 0, 0, false
		}
		top := h.items[0]
		sid, t, src := fold.StoryID(be64(top.key[16:])), be64(top.key[8:16]), aggregator.SourceID(be64(top.key[:8]))
		if k, _ := top.c.Prev(); k != nil && bytes.HasPrefix(k, top.prefix) {
			top.key = k
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
		return sid, t, src, true
	}
}

type srcCursor struct {
	c      *bolt.Cursor
	prefix []byte
	key    []byte
}

// cursorHeap orders cursors by their current key's time+id, largest first.
type cursorHeap struct{ items []*srcCursor }

func (h *cursorHeap) Len() int { return len(h.items) }
func (h *cursorHeap) Less(i, j int) bool {
	return bytes.Compare(h.items[i].key[8:], h.items[j].key[8:]) > 0
}
func (h *cursorHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *cursorHeap) Push(x any)    { h.items = append(h.items, x.(*srcCursor)) }
func (h *cursorHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}

// entry builds the output entry of story sid. The primary item is the
// first-seen item among the selected sources; every other source that
// carried the story is credited in Via. ok is false when none of the
// story's sources is selected. t and src are what the index key that led
// here says of the story (src is 0 for a topic's index): a key that does
// not match its story is damage, never a reason to publish another story.
// Unless whole, the entry is only what an archive's headline shows
// (aggregator.Selection.Whole).
func (r *reader) entry(sid fold.StoryID, t uint64, src aggregator.SourceID, whole bool) (aggregator.Entry, bool, error) {
	story, err := r.story(sid, t, src)
	if err != nil {
		return aggregator.Entry{}, false, err
	}
	primary := fold.PrimaryOf(story, r.allowed)
	if primary < 0 {
		return aggregator.Entry{}, false, nil
	}
	if !whole {
		e, ok, err := r.headlineOf(sid, story, primary)
		if ok || err != nil {
			return e, ok, err
		}
	}
	e, err := r.entryOf(sid, story, primary)
	return e, err == nil, err
}

// headlineOf builds what an archive's headline shows of story sid
// (aggregator.HeadlineOf): its id, time and source, and its primary
// item's title and link, decoding nothing else of the item. ok is false
// for an item without a title, whose headline shows the start of its
// text: the caller builds the whole entry.
func (r *reader) headlineOf(sid fold.StoryID, story *fold.Story, primary int) (e aggregator.Entry, ok bool, err error) {
	m := story.Members[primary]
	iv, err := r.get(bucketItems, u64(m.Seq))
	if err != nil {
		return e, false, err
	}
	if iv == nil {
		return e, false, errDamaged("story points at missing item")
	}
	h, err := decode[itemHead](u64(m.Seq), iv, "item")
	if err != nil {
		return e, false, err
	}
	if h.Story != sid || aggregator.SourceIDOf(h.Item.SourceURL) != m.Source {
		return e, false, errDamaged("a story lists an item of another story")
	}
	if h.Item.Title == "" {
		return e, false, nil
	}
	e.Source, err = r.sourceRef(m.Source, h.Item.SourceURL)
	e.Item.SourceURL, e.Item.Link, e.Item.Title = h.Item.SourceURL, h.Item.Link, h.Item.Title
	e.ID = fold.OutputID(story.OutputKey(sid))
	e.Published = fold.TimeOf(story.Time)
	e.Updated = story.Updated.UTC()
	return e, err == nil, err
}

// story reads story sid, which the index key that led here files at time
// key t under source src (0 for a topic's index), and checks that it does.
func (r *reader) story(sid fold.StoryID, t uint64, src aggregator.SourceID) (*fold.Story, error) {
	v, err := r.get(bucketStories, u64(uint64(sid)))
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, errDamaged("index points at missing story")
	}
	story, err := decode[fold.Story](u64(uint64(sid)), v, "story")
	if err != nil {
		return nil, err
	}
	if story.Time != t || (src != 0 && !story.HasSource(src)) {
		return nil, errDamaged("an index key does not match its story")
	}
	return story, nil
}

// entryOf builds the entry of story sid whose primary item is that of
// member primary.
func (r *reader) entryOf(sid fold.StoryID, story *fold.Story, primary int) (aggregator.Entry, error) {
	var e aggregator.Entry
	seenSrc := map[aggregator.SourceID]bool{}
	for i, idx := range append([]int{primary}, otherIndexes(len(story.Members), primary)...) {
		m := story.Members[idx]
		if seenSrc[m.Source] && i > 0 {
			continue
		}
		seenSrc[m.Source] = true
		iv, err := r.get(bucketItems, u64(m.Seq))
		if err != nil {
			return e, err
		}
		if iv == nil {
			return e, errDamaged("story points at missing item")
		}
		var item aggregator.Item
		var owner fold.StoryID
		if i == 0 {
			rec, err := decode[fold.ItemRecord](u64(m.Seq), iv, "item")
			if err != nil {
				return e, err
			}
			item, owner = rec.Item, rec.Story
		} else {
			h, err := decode[itemHead](u64(m.Seq), iv, "item")
			if err != nil {
				return e, err
			}
			item.SourceURL, item.Link, owner = h.Item.SourceURL, h.Item.Link, h.Story
		}
		if owner != sid || aggregator.SourceIDOf(item.SourceURL) != m.Source {
			return e, errDamaged("a story lists an item of another story")
		}
		ref, err := r.sourceRef(m.Source, item.SourceURL)
		if err != nil {
			return e, err
		}
		if i == 0 {
			e.Item, e.Source = item, ref
			continue
		}
		e.Via = append(e.Via, aggregator.Via{Source: ref, Link: item.Link})
	}
	e.ID = fold.OutputID(story.OutputKey(sid))
	e.Published = fold.TimeOf(story.Time)
	e.Updated = story.Updated.UTC()
	return e, nil
}

// itemHead is what an entry credits of an item of another source that
// carried its story: the source and link; and, with the title, what an
// archive's headline shows of its primary item (headlineOf). Only this is
// decoded, the decoder skipping the rest of the record
// (TestItemHeadReadsWhatItCredits).
type itemHead struct {
	Item struct {
		SourceURL string `json:"source"`
		Link      string `json:"link,omitempty"`
		Title     string `json:"title,omitempty"`
	} `json:"item"`
	Story fold.StoryID `json:"story"`
}

func otherIndexes(n, skip int) []int {
	out := make([]int, 0, n)
	for i := range n {
		if i != skip {
			out = append(out, i)
		}
	}
	return out
}

func (r *reader) sourceRef(id aggregator.SourceID, url string) (aggregator.SourceRef, error) {
	if ref, ok := r.states[id]; ok {
		return *ref, nil
	}
	ref := &aggregator.SourceRef{URL: url}
	if v := r.tx.Bucket(bucketSources).Get([]byte(url)); v != nil {
		st, err := decode[aggregator.SourceState]([]byte(url), v, "source "+url)
		if err != nil {
			return *ref, err
		}
		ref.Title, ref.SiteURL, ref.FeedID = st.Title, st.SiteURL, st.FeedID
	}
	r.states[id] = ref
	return *ref, nil
}
