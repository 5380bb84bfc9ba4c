package fold

import (
	"fmt"
	"slices"

	"github.com/feedloom/feedloom/aggregator"
)

// Outcome is what folding one item did.
type Outcome int

const (
	Unchanged Outcome = iota // stored already, as it is
	New                      // a new story
	Merged                   // a new item of an existing story
	Updated                  // a new version of a stored item
)

// Source folds one source's result into the store: its items (when its
// document was parsed) and its state. It returns what it did; the caller
// commits tx.
func Source(tx Tx, r *aggregator.SourceResult, opts Options) (aggregator.CommitStats, error) {
	var stats aggregator.CommitStats
	st := r.State
	prev, err := tx.State(st.URL)
	if err != nil {
		return stats, err
	}
	stored := 0
	if prev != nil {
		stored = prev.ItemsStored
		if prev.Identity != aggregator.IdentityGUID {
			// The switch to links is for good, whatever the caller's
			// copy of the state says.
			st.Identity, st.IdentityReason = prev.Identity, prev.IdentityReason
		}
	}
	if r.Parsed {
		if r.Basis != prev.ReuseBasis() {
			completeAll(r.Items)
		}
		f := folder{tx: tx, opts: opts, src: aggregator.SourceIDOf(st.URL)}
		if err := f.settleIdentity(&st, r.Items); err != nil {
			return stats, fmt.Errorf("identify items of %s: %w", st.URL, err)
		}
		current := make([]StoryID, 0, len(r.Items))
		for i := range r.Items {
			res, id, err := f.item(&r.Items[i])
			if err != nil {
				return stats, fmt.Errorf("store item %q of %s: %w", r.Items[i].Item.Identity, st.URL, err)
			}
			current = append(current, id)
			switch res {
			case New:
				stats.New++
			case Merged:
				stats.New++
				stats.Merged++
			case Updated:
				stats.Updated++
			}
		}
		slices.Sort(current)
		if err := tx.PutCurrent(f.src, slices.Compact(current)); err != nil {
			return stats, err
		}
		st.ItemsNew = stats.New
		stored += stats.New
	}
	st.ItemsStored = stored
	if err := tx.PutState(&st); err != nil {
		return stats, err
	}
	stats.Sources = 1
	return stats, nil
}

// folder folds the items of one source.
type folder struct {
	tx   Tx
	opts Options
	src  aggregator.SourceID
}

// item stores one item and returns what it did and the story the item
// belongs to.
func (f *folder) item(in *aggregator.Incoming) (Outcome, StoryID, error) {
	if in.Known() {
		id, ok, err := f.unchanged(&in.Item)
		if ok || err != nil {
			return Unchanged, id, err
		}
		in.Complete()
	}
	it := in.Item
	seq, found, err := f.lookup(&it)
	if err != nil {
		return 0, 0, err
	}
	if found {
		return f.update(seq, in)
	}
	if it.FirstSeen.IsZero() {
		it.FirstSeen = f.opts.Now
	}
	if it.Updated.IsZero() || it.Updated.Before(it.Published) {
		it.Updated = it.Published
	}

	id, found, err := f.findStory(&it)
	if err != nil {
		return 0, 0, err
	}
	if seq, err = f.tx.NewItemSeq(); err != nil {
		return 0, 0, err
	}
	var story *Story
	result := Merged
	if found {
		if story, err = f.tx.Story(id); err != nil {
			return 0, 0, err
		}
	}
	if story == nil {
		result = New
		story = &Story{Time: TimeKey(it.Published), Updated: it.Updated, Key: OutputKey(f.src, it.Identity)}
		if id, err = f.tx.NewStory(story.Time); err != nil {
			return 0, 0, err
		}
	}
	if !story.HasSource(f.src) {
		if err := f.tx.FileSource(f.src, story.Time, id); err != nil {
			return 0, 0, err
		}
	}
	story.Members = append(story.Members, Member{Source: f.src, Seq: seq})
	if it.Updated.After(story.Updated) {
		story.Updated = it.Updated
	}
	rec := ItemRecord{Item: it, Story: id, Topics: in.Topics}
	if err := f.index(id, story, seq, &rec); err != nil {
		return 0, 0, err
	}
	if err := f.tx.PutItem(seq, &rec); err != nil {
		return 0, 0, err
	}
	if err := f.fileIdentity(seq, nil, &it); err != nil {
		return 0, 0, err
	}
	return result, id, f.tx.PutStory(id, story)
}

// update applies a new version of a stored item in place: the item keeps
// its story, first-seen time and (when the source gave no date) its date;
// its Updated time moves when its content changed.
func (f *folder) update(seq uint64, in *aggregator.Incoming) (Outcome, StoryID, error) {
	rec, err := f.tx.Item(seq)
	if err != nil {
		return 0, 0, err
	}
	if rec == nil {
		return 0, 0, inconsistent("identity index points at missing item")
	}
	it := in.Item
	old := rec.Item
	if it.Hash == old.Hash && slices.Equal(in.Topics, rec.Topics) {
		return Unchanged, rec.Story, nil
	}
	it.FirstSeen = old.FirstSeen
	if it.DateOrigin != aggregator.DateFromFeed {
		it.Published, it.DateOrigin = old.Published, old.DateOrigin
	}
	result := Unchanged
	if it.Hash != old.Hash {
		result = Updated
		if !it.Updated.After(old.Updated) {
			it.Updated = f.opts.Now
		}
	} else {
		it.Updated = old.Updated
	}
	story, err := f.tx.Story(rec.Story)
	if err != nil {
		return 0, 0, err
	}
	if story == nil {
		return 0, 0, inconsistent("item points at missing story")
	}
	if it.Updated.After(story.Updated) {
		story.Updated = it.Updated
	}
	oldTopics, oldNear := rec.Topics, rec.Near
	rec.Item, rec.Topics = it, in.Topics
	if err := f.index(rec.Story, story, seq, rec); err != nil {
		return 0, 0, err
	}
	for _, t := range oldTopics {
		if !slices.Contains(rec.Topics, t) {
			if err := f.withdrawTopic(rec.Story, story, seq, t); err != nil {
				return 0, 0, err
			}
		}
	}
	for _, k := range oldNear {
		if !slices.Contains(rec.Near, k) {
			if err := f.withdrawNear(rec.Story, story, seq, k); err != nil {
				return 0, 0, err
			}
		}
	}
	if err := f.tx.PutItem(seq, rec); err != nil {
		return 0, 0, err
	}
	if err := f.fileIdentity(seq, &old, &it); err != nil {
		return 0, 0, err
	}
	return result, rec.Story, f.tx.PutStory(rec.Story, story)
}

// ErrInconsistent marks a store whose indexes disagree with its records,
// which only damage or a bug can cause.
var ErrInconsistent = fmt.Errorf("store inconsistency")

func inconsistent(what string) error { return fmt.Errorf("%w: %s", ErrInconsistent, what) }
