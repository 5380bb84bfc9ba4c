package schedule

import (
	"testing"
	"time"
)

func fixedRand(v float64) func() float64 { return func() float64 { return v } }

func TestScheduleInterval(t *testing.T) {
	s := Policy{}
	s.Defaults()
	tests := []struct {
		name  string
		hints []time.Duration
		want  time.Duration
	}{
		{"no hints", nil, 30 * time.Minute},
		{"short hint", []time.Duration{time.Minute}, 30 * time.Minute},
		{"longer hint", []time.Duration{2 * time.Hour}, 2 * time.Hour},
		{"largest hint wins", []time.Duration{2 * time.Hour, 3 * time.Hour, 0}, 3 * time.Hour},
		{"capped", []time.Duration{72 * time.Hour}, 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Interval(tt.hints...); got != tt.want {
				t.Errorf("interval = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestScheduleJitter(t *testing.T) {
	base := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, r := range []float64{0, 0.5, 0.999} {
		s := Policy{Rand: fixedRand(r)}
		s.Defaults()
		got := s.AfterSuccess(base, time.Hour).Sub(base)
		want := time.Hour - time.Duration(float64(time.Hour)*0.1*r)
		if got != want || got > time.Hour || got < 54*time.Minute {
			t.Errorf("rand %v: interval %v, want %v within [54m, 1h]", r, got, want)
		}
		ra := s.AfterRetryAfter(base, time.Hour).Sub(base)
		if ra < time.Hour || ra > 66*time.Minute {
			t.Errorf("rand %v: Retry-After 1h waits %v, want within [1h, 1h6m]", r, ra)
		}
	}
}

func TestScheduleBackoff(t *testing.T) {
	s := Policy{Rand: fixedRand(0)}
	s.Defaults()
	want := []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 16 * time.Hour, 24 * time.Hour, 24 * time.Hour}
	for n, w := range want {
		if got := s.Backoff(0, n+1); got != w {
			t.Errorf("failure %d: backoff %v, want %v", n+1, got, w)
		}
	}
	if got := s.Backoff(3*time.Hour, 2); got != 6*time.Hour {
		t.Errorf("backoff from a 3h interval after 2 failures = %v, want 6h", got)
	}
	if got := s.Backoff(time.Hour, 1000); got != 24*time.Hour {
		t.Errorf("backoff after 1000 failures = %v, want the 24h cap", got)
	}
	if got := s.AfterRetryAfter(time.Time{}, 30*24*time.Hour).Sub(time.Time{}); got != 24*time.Hour {
		t.Errorf("Retry-After of 30 days waits %v, want the 24h cap", got)
	}
	if got := s.AfterRetryAfter(time.Time{}, time.Second).Sub(time.Time{}); got != 30*time.Minute {
		t.Errorf("Retry-After of 1s waits %v, want the 30m minimum", got)
	}
}

// TestMaxBackoffIsAHardCap checks that no wait, jitter included, ends past
// --max-backoff: with the largest jitter a Retry-After beyond the cap used
// to add a tenth on top of it.
func TestMaxBackoffIsAHardCap(t *testing.T) {
	base := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		maxBackoff, retryAfter time.Duration
	}{
		{24 * time.Hour, 999999 * time.Second},
		{24 * time.Hour, 23*time.Hour + 50*time.Minute},
		{2 * time.Hour, 3 * time.Hour},
		{time.Hour, time.Hour},
	} {
		for _, r := range []float64{0, 0.5, 0.999} {
			s := Policy{MaxBackoff: tt.maxBackoff, Rand: fixedRand(r)}
			s.Defaults()
			if got := s.AfterRetryAfter(base, tt.retryAfter).Sub(base); got > tt.maxBackoff || got < min(tt.retryAfter, tt.maxBackoff) {
				t.Errorf("max-backoff %v, Retry-After %v, jitter %v: waits %v; want within [%v, %v]",
					tt.maxBackoff, tt.retryAfter, r, got, min(tt.retryAfter, tt.maxBackoff), tt.maxBackoff)
			}
			for n := 1; n < 40; n++ {
				if got := s.AfterFailure(base, s.MinInterval, n).Sub(base); got > tt.maxBackoff {
					t.Errorf("max-backoff %v, failure %d, jitter %v: waits %v", tt.maxBackoff, n, r, got)
				}
			}
		}
	}
}
