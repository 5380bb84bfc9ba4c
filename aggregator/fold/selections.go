package fold

import (
	"errors"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
)

// Selections keeps count of several selections a store reads in one walk
// over the stories of all their sources (aggregator.SharedSelector): which
// of them a story goes to, with which primary item, and when each has
// what it asked for.
type Selections struct {
	parts []selectionPart
	open  int
	union []string
}

type selectionPart struct {
	allowed map[aggregator.SourceID]bool
	since   uint64
	limit   int
	given   int
	done    bool
}

// ErrTopicShared refuses a topic's selection in a shared walk: a topic
// reads its own membership index.
var ErrTopicShared = errors.New("a topic's selection cannot be read in a shared walk (a caller bug)")

// NewSelections starts the count of sels, none of which may be a topic's.
func NewSelections(sels []aggregator.Selection) (*Selections, error) {
	s := &Selections{parts: make([]selectionPart, len(sels)), open: len(sels)}
	inUnion := map[string]bool{}
	for i, sel := range sels {
		if sel.Topic != 0 {
			return nil, fmt.Errorf("selection %d: %w", i, ErrTopicShared)
		}
		p := &s.parts[i]
		p.allowed, p.limit = map[aggregator.SourceID]bool{}, sel.Limit
		if !sel.Since.IsZero() {
			p.since = TimeKey(sel.Since)
		}
		for _, u := range sel.Sources {
			p.allowed[aggregator.SourceIDOf(u)] = true
			if !inUnion[u] {
				inUnion[u] = true
				s.union = append(s.union, u)
			}
		}
	}
	return s, nil
}

// Sources are the sources of every selection, each once: the walk's.
func (s *Selections) Sources() []string { return s.union }

// Open reports whether any selection still takes entries.
func (s *Selections) Open() bool { return s.open > 0 }

// Since is the oldest time key any open selection takes: the walk can
// stop before it.
func (s *Selections) Since() uint64 {
	since := ^uint64(0)
	for _, p := range s.parts {
		if !p.done {
			since = min(since, p.since)
		}
	}
	return since
}

// Give calls fn(i, e) for each open selection i that story (the next in
// the walk's order, newest first) goes to, with its entry: the selection
// takes a story no older than its Since, carried by one of its sources,
// while it has fewer than its Limit. build makes the entry whose primary
// item is that of member primary (the story's first from the selection's
// sources), once for all the selections with that primary, which get the
// same *Entry. It stops at the first error of build or fn.
func (s *Selections) Give(story *Story, build func(primary int) (aggregator.Entry, error), fn func(i int, e *aggregator.Entry) error) error {
	built := map[int]*aggregator.Entry{}
	return s.give(story, func(i, primary int) error {
		e := built[primary]
		if e == nil {
			ev, err := build(primary)
			if err != nil {
				return err
			}
			e = &ev
			built[primary] = e
		}
		return fn(i, e)
	})
}

// give calls fn(i, primary) for each open selection i that story goes to
// (Give).
func (s *Selections) give(story *Story, fn func(i, primary int) error) error {
	for i := range s.parts {
		p := &s.parts[i]
		if p.done {
			continue
		}
		if story.Time < p.since {
			p.done, s.open = true, s.open-1
			continue
		}
		primary := PrimaryOf(story, p.allowed)
		if primary < 0 {
			continue
		}
		if p.given++; p.limit > 0 && p.given == p.limit {
			p.done, s.open = true, s.open-1
		}
		if err := fn(i, primary); err != nil {
			return err
		}
	}
	return nil
}

// PrimaryOf returns the index of story's first member from an allowed
// source, or -1: the member whose item an output of those sources shows.
func PrimaryOf(story *Story, allowed map[aggregator.SourceID]bool) int {
	for i, m := range story.Members {
		if allowed[m.Source] {
			return i
		}
	}
	return -1
}
