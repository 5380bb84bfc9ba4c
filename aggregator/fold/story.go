package fold

import (
	"slices"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
)

// findStory looks for the story a new item belongs to: the same canonical
// URL, else a near-duplicate from another source within the window.
func (f *folder) findStory(it *aggregator.Item) (StoryID, bool, error) {
	if it.CanonicalURL != "" {
		if id, ok, err := f.tx.StoryByURL(it.CanonicalURL); ok || err != nil {
			return id, ok, err
		}
	}
	nd := f.opts.NearDup
	if nd == nil {
		return 0, false, nil
	}
	lo, hi := TimeKey(it.Published.Add(-f.opts.Window)), TimeKey(it.Published.Add(f.opts.Window))
	tried := map[StoryID]bool{}
	// A candidate filed under several of the item's keys is judged once:
	// the answer cannot change within the item.
	judged := map[uint64]bool{}
	var found StoryID
	joined := false
	for _, k := range nd.LookupKeys(it) {
		err := f.tx.NearCandidates(k, lo, hi, MaxNearCandidates, func(id StoryID, seq uint64) (bool, error) {
			if tried[id] || judged[seq] {
				return true, nil
			}
			judged[seq] = true
			other, sig, err := f.tx.Signature(seq)
			if err != nil {
				return false, err
			}
			if other == f.src || !nd.Same(it, sig) {
				return true, nil
			}
			// A pairwise match: check the whole story, so a chain of
			// pairwise matches never joins two articles found different.
			tried[id] = true
			ok, err := f.joins(id, it)
			if ok {
				found, joined = id, true
			}
			return !ok, err
		})
		if err != nil || joined {
			return found, joined, err
		}
	}
	return 0, false, nil
}

// joins reports whether item it joins story id: a story that the item's
// source does not carry yet, and whose items NearDup.Joins accepts it with.
func (f *folder) joins(id StoryID, it *aggregator.Item) (bool, error) {
	story, err := f.tx.Story(id)
	if err != nil || story == nil || story.HasSource(f.src) {
		return false, err
	}
	members := make([]fingerprint.Signature, 0, len(story.Members))
	for _, m := range story.Members {
		_, sig, err := f.tx.Signature(m.Seq)
		if err != nil {
			return false, err
		}
		members = append(members, sig)
	}
	return f.opts.NearDup.Joins(it, members), nil
}

// index files an item's canonical URL, near-duplicate keys and topics
// under its story, and records in rec the near keys it used.
func (f *folder) index(id StoryID, story *Story, seq uint64, rec *ItemRecord) error {
	it := &rec.Item
	if it.CanonicalURL != "" {
		if err := f.tx.FileURL(it.CanonicalURL, id); err != nil {
			return err
		}
	}
	rec.Near = nil
	if nd := f.opts.NearDup; nd != nil {
		if err := f.tx.PutSignature(seq, aggregator.SourceIDOf(it.SourceURL), &it.Sig); err != nil {
			return err
		}
		rec.Near = nd.Keys(it)
		for _, k := range rec.Near {
			if err := f.tx.FileNear(k, story.Time, id, seq); err != nil {
				return err
			}
		}
	}
	for _, t := range rec.Topics {
		if err := f.tx.FileTopic(t, story.Time, id); err != nil {
			return err
		}
	}
	return nil
}

// withdrawTopic removes story id from topic t unless another of its items
// (other than seq) still matches t.
func (f *folder) withdrawTopic(id StoryID, story *Story, seq uint64, t aggregator.TopicKey) error {
	kept, err := f.otherMemberHas(story, seq, func(r *ItemRecord) bool { return slices.Contains(r.Topics, t) })
	if kept || err != nil {
		return err
	}
	return f.tx.UnfileTopic(t, story.Time, id)
}

// withdrawNear removes story id's near-duplicate entry under key k unless
// another of its items (other than seq) was filed under k too.
func (f *folder) withdrawNear(id StoryID, story *Story, seq uint64, k uint64) error {
	kept, err := f.otherMemberHas(story, seq, func(r *ItemRecord) bool { return slices.Contains(r.Near, k) })
	if kept || err != nil {
		return err
	}
	return f.tx.UnfileNear(k, story.Time, id)
}

// otherMemberHas reports whether an item of story other than seq satisfies
// has.
func (f *folder) otherMemberHas(story *Story, seq uint64, has func(*ItemRecord) bool) (bool, error) {
	for _, m := range story.Members {
		if m.Seq == seq {
			continue
		}
		other, err := f.tx.Item(m.Seq)
		if err != nil {
			return false, err
		}
		if other != nil && has(other) {
			return true, nil
		}
	}
	return false, nil
}
