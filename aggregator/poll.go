//go:build pending

package aggregator

import (
	"errors"
	"fmt"
	"time"

	"github.com/feedloom/feedloom/aggregator/fetch"
)

// Error kinds recorded in SourceState.ErrorKind, for status and scripts.
const (
	ErrKindNetwork  = "network"
	ErrKindTimeout  = "timeout"
	ErrKindHTTP     = "http"
	ErrKindNotFound = "not-found"
	ErrKindAuth     = "auth"
	ErrKindGone     = "gone"
	ErrKindTooLarge = "too-large"
	ErrKindParse    = "parse"
)

// process turns one fetch outcome into the source's new state and, when a
// new document arrived, its normalised items with their topic matches.
func (r *Refresher) process(f fetched, topics *topicIndex) *SourceResult {
	st := f.state
	st.LastAttempt = f.at
	res := &SourceResult{}
	if f.err != nil {
		r.fail(&st, f.resp, f.err)
		res.State, res.Failed = st, true
		return res
	}
	resp := f.resp
	st.LastStatus = resp.Status
	if resp.NotModified {
		// A 304 may repeat the validators or omit them; keep what we have
		// unless it sends new ones.
		if resp.ETag != "" {
			st.ETag = resp.ETag
		}
		if resp.LastModified != "" {
			st.LastModified = resp.LastModified
		}
		r.succeed(&st, resp)
		res.State = st
		return res
	}
	if st.BodyHash != "" && resp.BodyHash == st.BodyHash {
		st.ETag, st.LastModified = resp.ETag, resp.LastModified
		r.succeed(&st, resp)
		res.State = st
		return res
	}
	doc, err := Parse(resp.Body, resp.ContentType)
	if err != nil {
		// Forget the validators so the next poll fetches the document in
		// full instead of being told it is unchanged.
		st.ETag, st.LastModified = "", ""
		r.fail(&st, resp, err)
		res.State, res.Failed = st, true
		return res
	}
	n := r.Normaliser.Normalise(f.src, doc, resp.FinalURL, f.at)
	st.Title, st.SiteURL, st.FeedID = n.Meta.Title, n.Meta.SiteURL, n.Meta.FeedID
	st.ETag, st.LastModified = resp.ETag, resp.LastModified
	st.BodyHash = resp.BodyHash
	st.ItemsLastFetch = len(n.Items)
	res.Items = make([]Incoming, len(n.Items))
	for i := range n.Items {
		res.Items[i] = Incoming{Item: n.Items[i], Topics: topics.match(f.src, &n.Items[i], n.Text[i])}
	}
	res.Parsed = true
	r.succeed(&st, resp)
	res.State = st
	return res
}

func (r *Refresher) succeed(st *SourceState, resp *fetch.Response) {
	st.LastSuccess = st.LastAttempt
	st.LastError, st.ErrorKind = "", ""
	st.ConsecutiveFailures = 0
	st.FailingSince = time.Time{}
	st.NextDue = r.Options.Schedule.next(st, resp, nil)
}

func (r *Refresher) fail(st *SourceState, resp *fetch.Response, err error) {
	if st.ConsecutiveFailures == 0 {
		st.FailingSince = st.LastAttempt
	}
	st.ConsecutiveFailures++
	st.ErrorKind, st.LastError = classify(err)
	var se *fetch.StatusError
	if errors.As(err, &se) {
		st.LastStatus = se.Code
		resp = se.Response
	} else if resp == nil {
		st.LastStatus = 0
	}
	st.NextDue = r.Options.Schedule.next(st, resp, err)
}

func classify(err error) (kind, msg string) {
	var se *fetch.StatusError
	var pe *ParseError
	switch {
	case errors.As(err, &se):
		switch {
		case se.Code == 404:
			return ErrKindNotFound, fmt.Sprintf("%v: the feed is not at this URL; check it or remove the source", err)
		case se.Code == 410:
			return ErrKindGone, fmt.Sprintf("%v: the publisher removed this feed; remove the source from the OPML", err)
		case se.Code == 401 || se.Code == 403:
			return ErrKindAuth, fmt.Sprintf("%v: the server refuses access", err)
		}
		return ErrKindHTTP, err.Error()
	case errors.Is(err, fetch.ErrTooLarge):
		return ErrKindTooLarge, err.Error()
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
