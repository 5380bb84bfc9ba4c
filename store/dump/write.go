package dump

import (
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
)

// Loader applies the records of a dump to a write transaction of an
// empty store, numbering stories and items anew in the order they come.
type Loader struct {
	tx      WriteTx
	stories map[fold.StoryID]fold.StoryID
	header  bool
	seen    End  // the records applied
	ended   bool // the end record came, and its counts matched
}

// NewLoader returns a Loader writing into tx.
func NewLoader(tx WriteTx) *Loader {
	return &Loader{tx: tx, stories: map[fold.StoryID]fold.StoryID{}}
}

// Ended reports whether the dump's end record came, with counts that
// match what was applied: without it, a copy is incomplete.
func (l *Loader) Ended() bool { return l.ended }

// Apply writes one record.
func (l *Loader) Apply(r *Record) error {
	switch {
	case r.Header != nil:
		h := r.Header
		if h.Format != Format {
			return fmt.Errorf("not a feedloom dump (format %q)", h.Format)
		}
		if h.Version > Version {
			return fmt.Errorf("dump version %d was written by a newer feedloom (this one reads up to %d); upgrade feedloom", h.Version, Version)
		}
		l.header = true
		for _, k := range h.BuiltTopics {
			if err := l.tx.MarkTopicBuilt(k); err != nil {
				return err
			}
		}
		return l.tx.SetGeneration(h.Generation)
	case !l.header:
		return fmt.Errorf("not a feedloom dump: it does not start with a %s header", Format)
	case l.ended:
		return fmt.Errorf("a record after the end of the dump")
	case r.End != nil:
		if *r.End != l.seen {
			return fmt.Errorf("the dump ends after %+v but says it holds %+v: it is damaged; take another backup", l.seen, *r.End)
		}
		l.ended = true
		return nil
	case r.Source != nil:
		l.seen.Sources++
		return l.tx.PutState(r.Source)
	case r.Story != nil:
		l.seen.Stories++
		return l.story(r.Story)
	case r.Current != nil:
		l.seen.Currents++
		ids := make([]fold.StoryID, 0, len(r.Current.Stories))
		for _, old := range r.Current.Stories {
			if id, ok := l.stories[old]; ok {
				ids = append(ids, id)
			}
		}
		return l.tx.PutCurrent(r.Current.Source, sortIDs(ids))
	}
	return fmt.Errorf("empty record")
}

func (l *Loader) story(s *Story) error {
	if len(s.Items) != len(s.Story.Members) {
		return fmt.Errorf("story %d: %d items for %d members", s.ID, len(s.Items), len(s.Story.Members))
	}
	if _, dup := l.stories[s.ID]; dup {
		return fmt.Errorf("story %d appears twice", s.ID)
	}
	t := s.Story.Time
	id, err := l.tx.NewStory(t)
	if err != nil {
		return err
	}
	l.stories[s.ID] = id
	st := s.Story
	st.Members = make([]fold.Member, len(s.Items))
	filed := map[aggregator.SourceID]bool{}
	for i := range s.Items {
		it := &s.Items[i]
		src := s.Story.Members[i].Source
		seq, err := l.tx.NewItemSeq()
		if err != nil {
			return err
		}
		st.Members[i] = fold.Member{Source: src, Seq: seq}
		rec := it.Record
		rec.Story = id
		if err := l.tx.PutItem(seq, &rec); err != nil {
			return err
		}
		if it.Sig {
			if err := l.tx.PutSignature(seq, it.SigSource, &rec.Item.Sig); err != nil {
				return err
			}
		}
		if !filed[src] {
			filed[src] = true
			if err := l.tx.FileSource(src, t, id); err != nil {
				return err
			}
		}
		v := fold.Ident{Seq: seq, Link: fold.LinkHash(&rec.Item)}
		for _, k := range it.Idents {
			if err := l.tx.FileIdent(src, k, v); err != nil {
				return err
			}
		}
		for _, k := range it.Near {
			if err := l.tx.FileNear(k, t, id, seq); err != nil {
				return err
			}
		}
		for _, k := range rec.Topics {
			if err := l.tx.FileTopic(k, t, id); err != nil {
				return err
			}
		}
	}
	for _, u := range s.URLs {
		if err := l.tx.FileURL(u, id); err != nil {
			return err
		}
	}
	return l.tx.PutStory(id, &st)
}
