package store

import (
	"bytes"
	"slices"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
	bolt "go.etcd.io/bbolt"
)

// maxNearCandidates bounds the candidates examined under one key, so a
// key that many items share (boilerplate ledes, a generic headline) costs
// a constant per item instead of growing with the store.
const maxNearCandidates = 64

type ingestResult int

const (
	ingestUnchanged ingestResult = iota
	ingestNew
	ingestMerged
	ingestUpdated
)

// writer applies items inside one write transaction.
type writer struct {
	db                                          *DB
	items, stories, ident, urls, near, bySource *bolt.Bucket
	byTime, topics, current, sigs               *bolt.Bucket
	now                                         time.Time
}

func newWriter(tx *bolt.Tx, db *DB) *writer {
	w := &writer{
		db:       db,
		items:    tx.Bucket(bucketItems),
		stories:  tx.Bucket(bucketStories),
		ident:    tx.Bucket(bucketIdent),
		urls:     tx.Bucket(bucketURLs),
		near:     tx.Bucket(bucketNear),
		bySource: tx.Bucket(bucketBySource),
		byTime:   tx.Bucket(bucketByTime),
		topics:   tx.Bucket(bucketTopics),
		sigs:     tx.Bucket(bucketSigs),
		current:  tx.Bucket(bucketCurrent),
		now:      db.opts.Now().UTC(),
	}
	// Items get ever-growing sequence keys and most stories arrive in time
	// order: pack those pages full instead of splitting them in half.
	w.items.FillPercent = 0.9
	w.stories.FillPercent = 0.9
	w.sigs.FillPercent = 0.9
	w.byTime.FillPercent = 0.9
	return w
}

// ingest stores one item of source src and returns what it did and the
// story the item belongs to.
func (w *writer) ingest(src aggregator.SourceID, in *aggregator.Incoming) (ingestResult, storyID, error) {
	it := in.Item
	seq, found, err := w.lookup(src, &it)
	if err != nil {
		return 0, 0, err
	}
	if found {
		return w.update(src, seq, in)
	}
	if it.FirstSeen.IsZero() {
		it.FirstSeen = w.now
	}
	if it.Updated.IsZero() || it.Updated.Before(it.Published) {
		it.Updated = it.Published
	}

	sid, found, err := w.findStory(src, &it)
	if err != nil {
		return 0, 0, err
	}
	seq, err = w.items.NextSequence()
	if err != nil {
		return 0, 0, err
	}
	var story *storyRecord
	result := ingestMerged
	if found {
		if story, err = w.story(sid); err != nil {
			return 0, 0, err
		}
	}
	if story == nil {
		if sid, err = w.newStoryID(); err != nil {
			return 0, 0, err
		}
		result = ingestNew
		story = &storyRecord{Time: timeKey(it.Published), Updated: it.Updated, Key: outputKey(src, it.Identity)}
		if err := w.byTime.Put(key2(story.Time, sid), nil); err != nil {
			return 0, 0, err
		}
	}
	if !story.hasSource(src) {
		if err := w.bySource.Put(key3(uint64(src), story.Time, sid), nil); err != nil {
			return 0, 0, err
		}
	}
	story.Members = append(story.Members, member{Source: src, Seq: seq})
	if it.Updated.After(story.Updated) {
		story.Updated = it.Updated
	}
	rec := itemRecord{Item: it, Story: sid, Topics: in.Topics}
	if err := w.indexItem(sid, story, seq, &rec); err != nil {
		return 0, 0, err
	}
	if err := w.putItem(seq, &rec); err != nil {
		return 0, 0, err
	}
	if err := w.fileIdentity(src, seq, nil, &it); err != nil {
		return 0, 0, err
	}
	return result, sid, w.putStory(sid, story)
}

// update applies a new version of a stored item in place: the item keeps
// its story, first-seen time and (when the source gave no date) its date;
// its Updated time moves when its content changed.
func (w *writer) update(src aggregator.SourceID, seq uint64, in *aggregator.Incoming) (ingestResult, storyID, error) {
	rec, err := w.item(seq)
	if err != nil {
		return 0, 0, err
	}
	if rec == nil {
		return 0, 0, errDamaged("identity index points at missing item")
	}
	it := in.Item
	old := rec.Item
	if it.Hash == old.Hash && slices.Equal(in.Topics, rec.Topics) {
		return ingestUnchanged, rec.Story, nil
	}
	it.FirstSeen = old.FirstSeen
	if it.DateOrigin != aggregator.DateFromFeed {
		it.Published, it.DateOrigin = old.Published, old.DateOrigin
	}
	result := ingestUnchanged
	if it.Hash != old.Hash {
		result = ingestUpdated
		if !it.Updated.After(old.Updated) {
			it.Updated = w.now
		}
	} else {
		it.Updated = old.Updated
	}
	story, err := w.story(rec.Story)
	if err != nil {
		return 0, 0, err
	}
	if story == nil {
		return 0, 0, errDamaged("item points at missing story")
	}
	if it.Updated.After(story.Updated) {
		story.Updated = it.Updated
	}
	oldTopics, oldNear := rec.Topics, rec.Near
	rec.Item, rec.Topics = it, in.Topics
	if err := w.indexItem(rec.Story, story, seq, rec); err != nil {
		return 0, 0, err
	}
	for _, t := range oldTopics {
		if !slices.Contains(rec.Topics, t) {
			if err := w.withdrawTopic(rec.Story, story, seq, t); err != nil {
				return 0, 0, err
			}
		}
	}
	for _, k := range oldNear {
		if !slices.Contains(rec.Near, k) {
			if err := w.withdrawNear(rec.Story, story, seq, k); err != nil {
				return 0, 0, err
			}
		}
	}
	if err := w.putItem(seq, rec); err != nil {
		return 0, 0, err
	}
	if err := w.fileIdentity(src, seq, &old, &it); err != nil {
		return 0, 0, err
	}
	return result, rec.Story, w.putStory(rec.Story, story)
}

// findStory looks for the story a new item belongs to: the same canonical
// URL, else a near-duplicate from another source within the window.
func (w *writer) findStory(src aggregator.SourceID, it *aggregator.Item) (storyID, bool, error) {
	if it.CanonicalURL != "" {
		if v := w.urls.Get(urlKey(it.CanonicalURL)); v != nil {
			return storyID(be64(v)), true, nil
		}
	}
	nd := w.db.opts.NearDup
	if nd == nil {
		return 0, false, nil
	}
	lo, hi := timeKey(it.Published.Add(-w.db.opts.Window)), timeKey(it.Published.Add(w.db.opts.Window))
	c := w.near.Cursor()
	tried := map[storyID]bool{}
	for _, k := range nd.LookupKeys(it) {
		seen := 0
		for span := lo / nearSpan; span <= hi/nearSpan && seen < maxNearCandidates; span++ {
			start, end := nearKeySpan(span, k, lo, 0), nearKeySpan(span, k, hi, ^storyID(0))
			for ck, cv := c.Seek(start); ck != nil && bytes.Compare(ck, end) <= 0 && seen < maxNearCandidates; ck, cv = c.Next() {
				seen++
				sid := nearSID(ck)
				if tried[sid] {
					continue
				}
				other, sig, err := w.sig(cv)
				if err != nil {
					return 0, false, err
				}
				if other == src || !nd.Same(it, sig) {
					continue
				}
				// A pairwise match: check the whole story, so a chain of
				// pairwise matches never joins two articles found
				// different.
				tried[sid] = true
				if ok, err := w.joins(src, sid, it); ok || err != nil {
					return sid, ok, err
				}
			}
		}
	}
	return 0, false, nil
}

// joins reports whether item it of source src joins story sid: a story
// that src does not carry yet, and whose items NearDup.Joins accepts it
// with.
func (w *writer) joins(src aggregator.SourceID, sid storyID, it *aggregator.Item) (bool, error) {
	story, err := w.story(sid)
	if err != nil || story == nil || story.hasSource(src) {
		return false, err
	}
	members := make([]fingerprint.Signature, 0, len(story.Members))
	for _, m := range story.Members {
		_, sig, err := w.sig(u64(m.Seq))
		if err != nil {
			return false, err
		}
		members = append(members, sig)
	}
	return w.db.opts.NearDup.Joins(it, members), nil
}

// sig returns the source and signature stored for the item whose sequence
// number is seq (8 bytes). An item stored without near-duplicate matching
// has none: its zero signature matches nothing.
func (w *writer) sig(seq []byte) (aggregator.SourceID, fingerprint.Signature, error) {
	v := w.sigs.Get(seq)
	if v == nil {
		return 0, fingerprint.Signature{}, nil
	}
	return decodeSig(v)
}

// indexItem files an item's canonical URL, near-duplicate keys and topics
// under its story, and records in rec the near keys it used.
func (w *writer) indexItem(sid storyID, story *storyRecord, seq uint64, rec *itemRecord) error {
	it := &rec.Item
	if it.CanonicalURL != "" {
		k := urlKey(it.CanonicalURL)
		if w.urls.Get(k) == nil {
			if err := w.urls.Put(k, u64(uint64(sid))); err != nil {
				return err
			}
		}
	}
	rec.Near = nil
	if nd := w.db.opts.NearDup; nd != nil {
		if err := w.sigs.Put(u64(seq), encodeSig(aggregator.SourceIDOf(it.SourceURL), &it.Sig)); err != nil {
			return err
		}
		rec.Near = nd.Keys(it)
		for _, k := range rec.Near {
			if err := w.near.Put(nearKey(k, story.Time, sid), u64(seq)); err != nil {
				return err
			}
		}
	}
	for _, t := range rec.Topics {
		if err := w.topics.Put(key3(uint64(t), story.Time, sid), nil); err != nil {
			return err
		}
	}
	return nil
}

// withdrawTopic removes story sid from topic t unless another of its items
// (other than seq) still matches t.
func (w *writer) withdrawTopic(sid storyID, story *storyRecord, seq uint64, t aggregator.TopicKey) error {
	kept, err := w.otherMemberHas(story, seq, func(r *itemRecord) bool { return slices.Contains(r.Topics, t) })
	if kept || err != nil {
		return err
	}
	return w.topics.Delete(key3(uint64(t), story.Time, sid))
}

// withdrawNear removes story sid's near-duplicate entry under key k
// unless another of its items (other than seq) was filed under k too.
func (w *writer) withdrawNear(sid storyID, story *storyRecord, seq uint64, k uint64) error {
	kept, err := w.otherMemberHas(story, seq, func(r *itemRecord) bool { return slices.Contains(r.Near, k) })
	if kept || err != nil {
		return err
	}
	return w.near.Delete(nearKey(k, story.Time, sid))
}

// otherMemberHas reports whether an item of story other than seq satisfies
// has.
func (w *writer) otherMemberHas(story *storyRecord, seq uint64, has func(*itemRecord) bool) (bool, error) {
	for _, m := range story.Members {
		if m.Seq == seq {
			continue
		}
		other, err := w.item(m.Seq)
		if err != nil {
			return false, err
		}
		if other != nil && has(other) {
			return true, nil
		}
	}
	return false, nil
}

func (w *writer) item(seq uint64) (*itemRecord, error) {
	v := w.items.Get(u64(seq))
	if v == nil {
		return nil, nil
	}
	return decode[itemRecord](u64(seq), v, "item")
}

func (w *writer) putItem(seq uint64, rec *itemRecord) error {
	v, err := encode(u64(seq), rec)
	if err != nil {
		return err
	}
	return w.items.Put(u64(seq), v)
}

// newStoryID takes the stories bucket's next sequence number, skipping any
// that an older, hashed story id happens to hold.
func (w *writer) newStoryID() (storyID, error) {
	for {
		seq, err := w.stories.NextSequence()
		if err != nil {
			return 0, err
		}
		if w.stories.Get(u64(seq)) == nil {
			return storyID(seq), nil
		}
	}
}

func (w *writer) story(sid storyID) (*storyRecord, error) {
	v := w.stories.Get(u64(uint64(sid)))
	if v == nil {
		return nil, nil
	}
	return decode[storyRecord](u64(uint64(sid)), v, "story")
}

func (w *writer) putStory(sid storyID, s *storyRecord) error {
	v, err := encode(u64(uint64(sid)), s)
	if err != nil {
		return err
	}
	return w.stories.Put(u64(uint64(sid)), v)
}
