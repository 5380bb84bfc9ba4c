package app

import (
	"fmt"
	"sort"
	"strings"
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
	StatePaused  = "paused"
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
	// Settings are the source's own, from its OPML outline.
	Settings *SourceSettings `json:"settings,omitempty"`
	aggregator.SourceState
	order int
}

// SourceSettings are a source's own settings as status shows them: the
// names of the environment variables its credentials and headers come
// from, never their values.
type SourceSettings struct {
	Paused          bool     `json:"paused,omitempty"`
	IntervalSeconds int64    `json:"interval_seconds,omitempty"`
	MaxItems        int      `json:"max_items,omitempty"`
	AuthEnv         string   `json:"auth_env,omitempty"`
	Headers         []string `json:"headers,omitempty"`
	HeaderEnv       []string `json:"header_env,omitempty"`
}

// settingsOf returns s's own settings, or nil when it has none.
func settingsOf(s *aggregator.Source) *SourceSettings {
	st := &SourceSettings{Paused: s.Paused, IntervalSeconds: int64(s.Interval / time.Second), MaxItems: s.MaxItems,
		AuthEnv: s.AuthEnv, HeaderEnv: s.HeaderEnv}
	for name := range s.Header {
		st.Headers = append(st.Headers, name)
	}
	sort.Strings(st.Headers)
	if !st.Paused && st.IntervalSeconds == 0 && st.MaxItems == 0 && st.AuthEnv == "" && len(st.Headers) == 0 {
		return nil
	}
	return st
}

// String is the settings in a few words, for the status table.
func (st *SourceSettings) String() string {
	var parts []string
	if st.IntervalSeconds > 0 {
		parts = append(parts, "every "+human(time.Duration(st.IntervalSeconds)*time.Second))
	}
	if st.MaxItems > 0 {
		parts = append(parts, fmt.Sprintf("first %d items", st.MaxItems))
	}
	if st.AuthEnv != "" {
		parts = append(parts, "basic auth from $"+st.AuthEnv)
	}
	if len(st.Headers) > 0 {
		parts = append(parts, "headers "+strings.Join(st.Headers, ", "))
	}
	return strings.Join(parts, "; ")
}

// Status returns one row per source of col: failing ones first (longest
// failing first), then moved ones, then the rest in OPML order.
func Status(col *aggregator.Collection, states map[string]aggregator.SourceState, now time.Time) []SourceStatus {
	rows := make([]SourceStatus, 0, len(col.Sources))
	for i := range col.Sources {
		s := &col.Sources[i]
		st, ok := states[s.URL]
		st.URL = s.URL
		// What the next poll reuses is bookkeeping, not health.
		st.Generation, st.Digests = 0, nil
		r := SourceStatus{URL: s.URL, Title: SourceName(s, &st), Polled: ok, Failing: st.Failing(), SourceState: st, order: i, Settings: settingsOf(s)}
		switch {
		case s.Paused:
			r.State = StatePaused
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
