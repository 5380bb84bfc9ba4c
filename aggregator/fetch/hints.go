package fetch

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Freshness is how long the response says it stays fresh (RFC 9111 §4.2.1):
// Cache-Control max-age minus the Age header, or else Expires minus Date
// (the fetch time when Date is missing). ok is false when the response
// carries no hint at all. no-cache and no-store mean "ask every time": they
// give 0 with ok true, so the scheduler falls back to its minimum interval.
// An Expires that does not parse (often "0" or "-1") means already expired.
func Freshness(h http.Header, fetched time.Time) (d time.Duration, ok bool) {
	if h == nil {
		return 0, false
	}
	if cc := h.Values("Cache-Control"); len(cc) > 0 {
		maxAge, found := -1, false
		for _, dir := range directives(cc) {
			name, val, _ := strings.Cut(dir, "=")
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "no-cache", "no-store":
				return 0, true
			case "max-age":
				if n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(val), `"`)); err == nil && n >= 0 {
					maxAge, found = n, true
				}
			}
		}
		if found {
			age := 0
			if a, err := strconv.Atoi(strings.TrimSpace(h.Get("Age"))); err == nil && a > 0 {
				age = a
			}
			// RFC 9111 §1.2.2: delta-seconds past 2^31 count as 2^31,
			// which also keeps the product within a Duration.
			return time.Duration(min(max(maxAge-age, 0), maxDeltaSeconds)) * time.Second, true
		}
	}
	exp := strings.TrimSpace(h.Get("Expires"))
	if exp == "" {
		return 0, false
	}
	expires, err := http.ParseTime(exp)
	if err != nil {
		return 0, true
	}
	base := fetched
	if date, err := http.ParseTime(h.Get("Date")); err == nil {
		base = date
	}
	return max(expires.Sub(base), 0), true
}

// maxDeltaSeconds is the largest delta-seconds value a cache takes as
// given (RFC 9111 §1.2.2).
const maxDeltaSeconds = 1 << 31

// RetryAfter reads a Retry-After header (RFC 9110 §10.2.3): either a number
// of seconds or an HTTP date, taken relative to the response's Date (or the
// fetch time). ok is false when the header is missing or unreadable.
func RetryAfter(h http.Header, fetched time.Time) (d time.Duration, ok bool) {
	if h == nil {
		return 0, false
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		// Bound the multiplication; the caller caps the result anyway.
		return time.Duration(min(n, int64(365*24*3600))) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	base := fetched
	if date, err := http.ParseTime(h.Get("Date")); err == nil {
		base = date
	}
	return max(at.Sub(base), 0), true
}

// directives splits Cache-Control header values into their
// comma-separated directives.
func directives(values []string) []string {
	var out []string
	for _, v := range values {
		for _, d := range strings.Split(v, ",") {
			if d = strings.TrimSpace(d); d != "" {
				out = append(out, d)
			}
		}
	}
	return out
}
