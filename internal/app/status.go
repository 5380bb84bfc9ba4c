package app

import (
	"sort"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// Source states as `status` names them.
const (
	StateOK      = "ok"
	StateNew     = "new"
	StateFailing = "failing"
	StateGone    = "gone"
	StateMoved   = "moved"
)

// SourceStatus is one source as `status` shows it; the JSON field names
// are part of the interface scripts use.
type SourceStatus struct {
	URL   string `json:"url"`
	Title string `json:"title"`
	// State is ok, new, failing, gone or moved.
	State   string `json:"state"`
	Polled  bool   `json:"polled"`
	Failing bool   `json:"failing"`
	// FailingForSeconds is how long the source has been failing.
	FailingForSeconds int64 `json:"failing_for_seconds,omitempty"`
	// MovedTo is the new URL of a source that has moved for good.
	MovedTo string `json:"moved_to,omitempty"`
	aggregator.SourceState
	order int
}

// Status returns one row per source of col: failing ones first (longest
// failing first), then moved ones, then the rest in OPML order.
func Status(col *aggregator.Collection, states map[string]aggregator.SourceState, now time.Time) []SourceStatus {
	rows := make([]SourceStatus, 0, len(col.Sources))
	for i := range col.Sources {
		s := &col.Sources[i]
		st, ok := states[s.URL]
		st.URL = s.URL
		r := SourceStatus{URL: s.URL, Title: SourceName(s, &st), Polled: ok, Failing: st.Failing(), SourceState: st, order: i}
		switch {
		case !ok:
			r.State = StateNew
		case st.Gone:
			r.State = StateGone
		case st.Failing():
			r.State = StateFailing
		case st.Moved:
			r.State = StateMoved
		default:
			r.State = StateOK
		}
		if st.Failing() {
			r.FailingForSeconds = int64(now.Sub(st.FailingSince) / time.Second)
		}
		if st.Moved {
			r.MovedTo = st.RedirectTo
		}
		rows = append(rows, r)
	}
	rank := func(r *SourceStatus) int {
		switch {
		case r.Failing:
			return 0
		case r.State == StateMoved:
			return 1
		}
		return 2
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := &rows[i], &rows[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		if a.Failing && !a.FailingSince.Equal(b.FailingSince) {
			return a.FailingSince.Before(b.FailingSince)
		}
		return a.order < b.order
	})
	return rows
}
