package fold

import "github.com/feedloom/feedloom/aggregator"

// Remover is a transaction that can also remove what Tx files: what a
// prune needs.
type Remover interface {
	Tx
	// Listed reports whether source src's last parsed document lists
	// story id (PutCurrent).
	Listed(src aggregator.SourceID, id StoryID) (bool, error)
	// UnfileURL removes canonical from the URL index.
	UnfileURL(canonical string) error
	// UnfileSource removes story id from source src's stories.
	UnfileSource(src aggregator.SourceID, t uint64, id StoryID) error
	// DeleteItem deletes item seq and its signature.
	DeleteItem(seq uint64) error
	// DeleteStory deletes story id and its entry in the time index.
	DeleteStory(id StoryID, t uint64) error
}

// Remove deletes story id, its items and every index entry that names
// them, unless one of its sources' last document lists it (an item its
// feed still lists would otherwise come back as new on the next poll). It
// counts the removed items by source URL in removed and returns how many
// it removed (0 when the story stays).
func Remove(tx Remover, id StoryID, removed map[string]int) (int, error) {
	story, err := tx.Story(id)
	if err != nil {
		return 0, err
	}
	if story == nil {
		return 0, inconsistent("time index points at missing story")
	}
	for _, m := range story.Members {
		if listed, err := tx.Listed(m.Source, id); listed || err != nil {
			return 0, err
		}
	}
	for _, m := range story.Members {
		rec, err := tx.Item(m.Seq)
		if err != nil {
			return 0, err
		}
		if rec == nil {
			return 0, inconsistent("story points at missing item")
		}
		it := &rec.Item
		if err := Forget(tx, m.Source, m.Seq, it); err != nil {
			return 0, err
		}
		if c := it.CanonicalURL; c != "" {
			if owner, ok, err := tx.StoryByURL(c); err != nil {
				return 0, err
			} else if ok && owner == id {
				if err := tx.UnfileURL(c); err != nil {
					return 0, err
				}
			}
		}
		for _, k := range rec.Near {
			if err := tx.UnfileNear(k, story.Time, id); err != nil {
				return 0, err
			}
		}
		for _, t := range rec.Topics {
			if err := tx.UnfileTopic(t, story.Time, id); err != nil {
				return 0, err
			}
		}
		if err := tx.UnfileSource(m.Source, story.Time, id); err != nil {
			return 0, err
		}
		if err := tx.DeleteItem(m.Seq); err != nil {
			return 0, err
		}
		removed[it.SourceURL]++
	}
	return len(story.Members), tx.DeleteStory(id, story.Time)
}
