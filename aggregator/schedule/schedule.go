// Package schedule decides when a source is next polled: the interval its
// hints ask for, jitter, backoff after failures and Retry-After.
package schedule

import (
	"math/rand/v2"
	"time"
)

// Policy decides when a source is next due.
//
// After a success the interval is the largest of MinInterval and the
// hints (Cache-Control max-age or Expires on the response, RSS <ttl> or
// sy:updatePeriod/sy:updateFrequency in the feed), capped by MaxInterval.
// After a failure it doubles from that interval with every consecutive
// failure, up to MaxBackoff; a 429 or 503 with Retry-After waits exactly
// as long as asked (capped by MaxBackoff) instead.
//
// Jitter spreads sources out: the interval is shortened by a random
// fraction of up to Jitter, and measured from the start of the run. A
// poll is thus never later than the interval says, and a cron job that
// runs every MinInterval polls every quiet source on every run rather than
// every other run. Retry-After is the exception: there the jitter only
// ever delays, since polling earlier than the server asked is rude.
type Policy struct {
	// MinInterval is the shortest time between two polls of a source
	// (default 30 min).
	MinInterval time.Duration
	// MaxInterval caps the interval that hints may ask for (default 24 h).
	MaxInterval time.Duration
	// MaxBackoff caps the wait after failures, Retry-After included
	// (default 24 h).
	MaxBackoff time.Duration
	// Jitter is the largest fraction of an interval that jitter moves a
	// poll by (default 0.1).
	Jitter float64
	// Rand returns a number in [0, 1); nil means math/rand/v2. Tests
	// inject a fixed one. It must be safe for concurrent use.
	Rand func() float64
}

// Defaults fills in the zero fields.
func (s *Policy) Defaults() {
	if s.MinInterval <= 0 {
		s.MinInterval = 30 * time.Minute
	}
	if s.MaxInterval <= 0 {
		s.MaxInterval = 24 * time.Hour
	}
	s.MaxInterval = max(s.MaxInterval, s.MinInterval)
	if s.MaxBackoff <= 0 {
		s.MaxBackoff = 24 * time.Hour
	}
	if s.Jitter <= 0 || s.Jitter >= 1 {
		s.Jitter = 0.1
	}
}

func (s *Policy) rand() float64 {
	if s.Rand != nil {
		return min(max(s.Rand(), 0), 1)
	}
	return rand.Float64()
}

// Interval is the normal time between polls: the largest of MinInterval
// and the hints, capped by MaxInterval.
func (s *Policy) Interval(hints ...time.Duration) time.Duration {
	d := s.MinInterval
	for _, h := range hints {
		d = max(d, h)
	}
	return min(d, s.MaxInterval)
}

// AfterSuccess is when a source polled in the run that started at base is
// next due, given its normal interval.
func (s *Policy) AfterSuccess(base time.Time, interval time.Duration) time.Time {
	return base.Add(s.earlier(interval))
}

// Backoff is how long to wait after the n-th consecutive failure (n ≥ 1):
// the normal interval doubled n-1 times, capped by MaxBackoff.
func (s *Policy) Backoff(interval time.Duration, n int) time.Duration {
	d := max(interval, s.MinInterval)
	for i := 1; i < n && d < s.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, s.MaxBackoff)
}

// AfterFailure is when a source that failed for the n-th time in a row in
// the run that started at base is next due.
func (s *Policy) AfterFailure(base time.Time, interval time.Duration, n int) time.Time {
	return base.Add(s.earlier(s.Backoff(interval, n)))
}

// AfterRetryAfter is when a source told at time at to come back after d is
// next due: never earlier than asked, nor than MinInterval, and never later
// than MaxBackoff, jitter included: MaxBackoff is the operator's hard cap,
// so a server asking for Retry-After: 999999 is polled again after
// MaxBackoff.
func (s *Policy) AfterRetryAfter(at time.Time, d time.Duration) time.Time {
	d = min(max(d, s.MinInterval), s.MaxBackoff)
	return at.Add(min(d+time.Duration(float64(d)*s.Jitter*s.rand()), s.MaxBackoff))
}

// earlier shortens d by a random fraction of up to Jitter.
func (s *Policy) earlier(d time.Duration) time.Duration {
	return d - time.Duration(float64(d)*s.Jitter*s.rand())
}
