package output

import "github.com/feedloom/feedloom/aggregator"

// An output of a bounded number of entries (every output but those
// publishing everything) is walked twice, to scan and to render; a memo
// keeps what the first walk read, so the second reads the store again
// only when the output is too large to keep: decoding a record costs more
// than holding it for the few milliseconds between the walks.
const (
	memoEntries   = 200  // entries shown, at most
	memoHeadlines = 2000 // archived headlines, at most
)

// memo collects a walk's entries and headlines into an in-memory copy of
// its feed, until they exceed the bounds; a nil memo collects nothing.
type memo struct {
	copy *aggregator.Feed
}

func newMemo(f *aggregator.Feed) *memo {
	if f.Source == nil || f.Shown <= 0 || f.Shown > memoEntries {
		return nil
	}
	c := *f
	c.Source, c.Shown, c.Entries, c.Archive = nil, 0, nil, nil
	return &memo{copy: &c}
}

func (m *memo) entry(e *aggregator.Entry) {
	if m != nil && m.copy != nil {
		m.copy.Entries = append(m.copy.Entries, *e)
	}
}

func (m *memo) headline(h *aggregator.Headline) {
	if m == nil || m.copy == nil {
		return
	}
	if len(m.copy.Archive) == memoHeadlines {
		m.copy = nil // too many: the second walk reads them again
		return
	}
	m.copy.Archive = append(m.copy.Archive, *h)
}

// feed is the in-memory copy, or nil when the walk did not fit.
func (m *memo) feed() *aggregator.Feed {
	if m == nil {
		return nil
	}
	return m.copy
}
