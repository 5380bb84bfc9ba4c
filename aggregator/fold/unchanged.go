package fold

import "github.com/feedloom/feedloom/aggregator"

// An item that did not change since its source's last parsed document
// arrives Known (aggregator.Incoming.Known): with its identity and links
// but not normalised. It is stored already, as it is, so folding it only
// finds its story, for the source's current document; nothing is decoded
// or written. One that is not found as expected (pruned since, identified
// otherwise now) is normalised in full and folded like any other item.

// ItemStories is implemented by a Tx that can tell which story an item
// belongs to without decoding the item's whole record.
type ItemStories interface {
	// ItemStory returns the story of item seq; ok is false when no such
	// item is stored.
	ItemStory(seq uint64) (id StoryID, ok bool, err error)
}

// unchanged returns the story of the Known item it, when the item is
// stored under its identity with the link it has now; ok is false when it
// is not.
func (f *folder) unchanged(it *aggregator.Item) (StoryID, bool, error) {
	v, ok, err := f.tx.Ident(f.src, it.Identity)
	if !ok || err != nil || v.Link != LinkHash(it) {
		return 0, false, err
	}
	return storyOf(f.tx, v.Seq)
}

// storyOf returns the story of item seq.
func storyOf(tx Tx, seq uint64) (StoryID, bool, error) {
	if s, ok := tx.(ItemStories); ok {
		return s.ItemStory(seq)
	}
	rec, err := tx.Item(seq)
	if err != nil || rec == nil {
		return 0, false, err
	}
	return rec.Story, true, nil
}

// completeHashed normalises in full the Known items that only a hash of
// their content identifies (no usable GUID or link in the mode the source
// is identified by): the hash needs their content. It then identifies the
// document's items again.
func completeHashed(in []aggregator.Incoming, items []aggregator.Item, mode aggregator.IdentityMode) {
	done := false
	for i := range in {
		it := &items[i]
		if in[i].Known() && it.Identity != aggregator.GUIDIdentity(it) && it.Identity != aggregator.LinkIdentity(it) {
			in[i].Complete()
			items[i] = in[i].Item
			done = true
		}
	}
	if done {
		aggregator.IdentifyAs(items, mode)
	}
}

// completeAll normalises every Known item in full: they were judged
// unchanged against another state than the one stored.
func completeAll(in []aggregator.Incoming) {
	for i := range in {
		in[i].Complete()
	}
}
