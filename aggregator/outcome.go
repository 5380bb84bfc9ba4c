package aggregator

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/feedloom/feedloom/aggregator/parse"

	"github.com/feedloom/feedloom/aggregator/fetch"
)

// Error kinds recorded in SourceState.ErrorKind, for status and scripts.
// They are stable strings: scripts filter on them.
const (
	ErrKindNetwork     = "network"      // connection refused, DNS, reset…
	ErrKindTimeout     = "timeout"      // a connect, TLS, header or whole-request timeout
	ErrKindHTTP        = "http"         // another non-success status (5xx, 400…)
	ErrKindNotFound    = "not-found"    // 404
	ErrKindAuth        = "auth"         // 401 or 403
	ErrKindGone        = "gone"         // 410: polling stopped
	ErrKindRateLimited = "rate-limited" // 429, or 503 with Retry-After
	ErrKindRedirect    = "redirect"     // too many redirects, or a loop
	ErrKindTooLarge    = "too-large"    // body over the cap after decompression
	ErrKindParse       = "parse"        // not a feed, or a broken one
)

// seconds converts a stored whole number of seconds.
func seconds(n int64) time.Duration { return time.Duration(n) * time.Second }

// succeed records a successful poll (200 or 304) of the run that started
// at base and schedules the next one from the hints, or at the source's
// own fixed interval when it has one.
func (r *Refresher) succeed(st *SourceState, resp *fetch.Response, base time.Time, src *Source) {
	st.LastSuccess = st.LastAttempt
	st.LastError, st.ErrorKind = "", ""
	st.ConsecutiveFailures = 0
	st.FailingSince = time.Time{}
	st.Gone = false
	sch := &r.Options.Schedule
	fresh, _ := fetch.Freshness(resp.Header, st.LastAttempt)
	iv := sch.Interval(fresh, seconds(st.FeedIntervalSeconds))
	if src != nil && src.Interval > 0 {
		iv = src.Interval
	}
	st.IntervalSeconds = int64(iv / time.Second)
	st.NextDue = sch.AfterSuccess(base, iv)
}

// fail records a failed poll: what went wrong, since when, and when to try
// again. A source is never dropped for a failure; only a 410 stops it.
func (r *Refresher) fail(st *SourceState, resp *fetch.Response, err error, base time.Time) {
	if st.ConsecutiveFailures == 0 {
		st.FailingSince = st.LastAttempt
	}
	st.ConsecutiveFailures++
	st.ErrorKind, st.LastError = classify(err)
	sch := &r.Options.Schedule
	var se *fetch.StatusError
	code := 0
	if errors.As(err, &se) {
		code = se.Code
		st.LastStatus = code
	} else if resp == nil {
		st.LastStatus = 0
	}
	retry, hasRetry := time.Duration(0), false
	if resp != nil && (code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable) {
		retry, hasRetry = fetch.RetryAfter(resp.Header, st.LastAttempt)
	}
	switch {
	case code == http.StatusGone:
		st.Gone = true
		st.NextDue = time.Time{}
	case hasRetry:
		st.NextDue = sch.AfterRetryAfter(st.LastAttempt, retry)
		st.ErrorKind = ErrKindRateLimited
		st.LastError = fmt.Sprintf("%s; it asked to wait %s: next try after %s",
			st.LastError, retry.Round(time.Second), st.NextDue.Format(time.RFC3339))
	default:
		st.NextDue = sch.AfterFailure(base, seconds(st.IntervalSeconds), st.ConsecutiveFailures)
	}
}

// trackRedirect follows a source's permanent-redirect streak: the same
// 301/308 target on every poll for MovedGrace and MovedPolls makes the
// source Moved. Any poll answered otherwise (no redirect, a temporary one,
// another target) ends the streak; a request that got no answer at all
// (a network error) leaves it as it is.
func (r *Refresher) trackRedirect(st *SourceState, resp *fetch.Response) {
	target := resp.PermanentURL
	switch {
	case target == "" || target == st.URL:
		st.RedirectTo, st.RedirectFirstSeen, st.RedirectCount = "", time.Time{}, 0
	case target == st.RedirectTo:
		st.RedirectCount++
	default:
		st.RedirectTo, st.RedirectFirstSeen, st.RedirectCount = target, st.LastAttempt, 1
	}
	st.Moved = st.RedirectTo != "" &&
		st.RedirectCount >= r.Options.MovedPolls &&
		st.LastAttempt.Sub(st.RedirectFirstSeen) >= r.Options.MovedGrace
}

// classify names the kind of a failure and says it in words a user can act
// on.
func classify(err error) (kind, msg string) {
	var se *fetch.StatusError
	var pe *parse.ParseError
	switch {
	case errors.As(err, &se):
		switch {
		case se.Code == http.StatusNotFound:
			return ErrKindNotFound, fmt.Sprintf("%v: the feed is not at this URL; check it or remove the source", err)
		case se.Code == http.StatusGone:
			return ErrKindGone, fmt.Sprintf("%v: the publisher removed this feed and feedloom stopped polling it; remove the source from the OPML or give it a new URL", err)
		case se.Code == http.StatusUnauthorized || se.Code == http.StatusForbidden:
			return ErrKindAuth, fmt.Sprintf("%v: the server refuses access; the feed may need a login, or the server blocks feedloom", err)
		case se.Code == http.StatusTooManyRequests:
			return ErrKindRateLimited, fmt.Sprintf("%v: the server asks feedloom to slow down", err)
		}
		return ErrKindHTTP, err.Error()
	case errors.Is(err, fetch.ErrTooLarge):
		return ErrKindTooLarge, fmt.Sprintf("%v: the feed is larger than --max-body allows", err)
	case errors.Is(err, fetch.ErrTooManyRedirects):
		return ErrKindRedirect, err.Error()
	case errors.As(err, &pe):
		return ErrKindParse, err.Error()
	case isTimeout(err):
		return ErrKindTimeout, err.Error()
	}
	return ErrKindNetwork, err.Error()
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
