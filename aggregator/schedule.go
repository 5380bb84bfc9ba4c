package aggregator

import (
	"time"

	"github.com/feedloom/feedloom/aggregator/fetch"
)

// Schedule decides when a source is next due.
type Schedule struct {
	// MinInterval is the shortest time between two polls of a source.
	MinInterval time.Duration
	// MaxInterval is the longest.
	MaxInterval time.Duration
}

func (s *Schedule) defaults() {
	if s.MinInterval <= 0 {
		s.MinInterval = 30 * time.Minute
	}
	if s.MaxInterval <= 0 {
		s.MaxInterval = 24 * time.Hour
	}
}

// next returns when the source whose state is st is next due, after a poll
// that gave resp (nil when none arrived) and err.
func (s *Schedule) next(st *SourceState, resp *fetch.Response, err error) time.Time {
	return st.LastAttempt.Add(s.MinInterval)
}
