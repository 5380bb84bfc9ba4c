package fetch

import (
	"net/http"
	"testing"
	"time"
)

func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

func TestFreshness(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	date := now.Add(-time.Minute).Format(http.TimeFormat)
	tests := []struct {
		name   string
		h      http.Header
		want   time.Duration
		wantOK bool
	}{
		{"none", header(), 0, false},
		{"max-age", header("Cache-Control", "public, max-age=3600"), time.Hour, true},
		{"max-age quoted", header("Cache-Control", `max-age="600"`), 10 * time.Minute, true},
		{"max-age minus age", header("Cache-Control", "max-age=3600", "Age", "600"), 50 * time.Minute, true},
		{"age beyond max-age", header("Cache-Control", "max-age=60", "Age", "600"), 0, true},
		{"two header lines", header("Cache-Control", "public", "Cache-Control", "max-age=120"), 2 * time.Minute, true},
		{"no-cache wins", header("Cache-Control", "max-age=3600, no-cache"), 0, true},
		{"no-store", header("Cache-Control", "no-store"), 0, true},
		{"max-age beats expires", header("Cache-Control", "max-age=60", "Expires", now.Add(5*time.Hour).Format(http.TimeFormat)), time.Minute, true},
		{"expires relative to date", header("Date", date, "Expires", now.Add(59*time.Minute).Format(http.TimeFormat)), time.Hour, true},
		{"expires relative to fetch time", header("Expires", now.Add(2*time.Hour).Format(http.TimeFormat)), 2 * time.Hour, true},
		{"expires in the past", header("Expires", now.Add(-time.Hour).Format(http.TimeFormat)), 0, true},
		{"expires 0 means expired", header("Expires", "0"), 0, true},
		{"unknown directives only", header("Cache-Control", "public, must-revalidate"), 0, false},
		{"bad max-age", header("Cache-Control", "max-age=soon"), 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Freshness(tt.h, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Freshness = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		h      http.Header
		want   time.Duration
		wantOK bool
	}{
		{"none", header(), 0, false},
		{"seconds", header("Retry-After", "120"), 2 * time.Minute, true},
		{"seconds with spaces", header("Retry-After", " 30 "), 30 * time.Second, true},
		{"http date", header("Retry-After", now.Add(90*time.Minute).Format(http.TimeFormat)), 90 * time.Minute, true},
		{"http date relative to Date", header("Date", now.Add(-10*time.Minute).Format(http.TimeFormat), "Retry-After", now.Add(20*time.Minute).Format(http.TimeFormat)), 30 * time.Minute, true},
		{"date in the past", header("Retry-After", now.Add(-time.Hour).Format(http.TimeFormat)), 0, true},
		{"negative", header("Retry-After", "-5"), 0, false},
		{"garbage", header("Retry-After", "later please"), 0, false},
		{"huge is bounded", header("Retry-After", "99999999999999"), 365 * 24 * time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := RetryAfter(tt.h, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("RetryAfter = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func FuzzHints(f *testing.F) {
	f.Add("max-age=60, no-cache", "Thu, 01 Jan 2026 00:00:00 GMT", "120")
	f.Add("", "0", "Wed, 21 Oct 2015 07:28:00 GMT")
	f.Fuzz(func(t *testing.T, cc, expires, retry string) {
		h := header("Cache-Control", cc, "Expires", expires, "Retry-After", retry, "Age", retry)
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		if d, _ := Freshness(h, now); d < 0 {
			t.Errorf("Freshness = %v < 0", d)
		}
		if d, _ := RetryAfter(h, now); d < 0 {
			t.Errorf("RetryAfter = %v < 0", d)
		}
	})
}
