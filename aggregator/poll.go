package aggregator

import (
	"errors"
	"strings"
	"time"

	"github.com/feedloom/feedloom/aggregator/parse"

	"github.com/feedloom/feedloom/aggregator/fetch"
)

// noItemsWarning is recorded for a document that parses as a feed but
// lists no items, so that status shows why a source adds nothing.
const noItemsWarning = "the document is a feed but lists no items"

// process turns one fetch outcome into the source's new state and, when a
// new document arrived, its normalised items with their topic matches.
//
// The conditional-GET rules: validators are stored exactly as received;
// a 304 is a success that keeps the stored validators unless it carries
// new ones; a 200 replaces them (dropping those it no longer sends); a 200
// whose body hashes like the last parsed one is not parsed again; a body
// that fails to parse forgets the validators, so the next poll gets the
// whole document instead of a 304 for a broken one.
func (r *Refresher) process(f fetched, topics *topicIndex) *SourceResult {
	st := f.state
	st.LastAttempt = f.at
	res := &SourceResult{}
	resp := f.resp
	var se *fetch.StatusError
	if errors.As(f.err, &se) {
		resp = se.Response
	}
	if resp != nil {
		r.trackRedirect(&st, resp)
	}
	if f.err != nil {
		r.fail(&st, resp, f.err, f.base)
		res.State, res.Failed = st, true
		return res
	}
	st.LastStatus = resp.Status
	if resp.NotModified {
		if resp.ETag != "" {
			st.ETag = resp.ETag
		}
		if resp.LastModified != "" {
			st.LastModified = resp.LastModified
		}
		r.succeed(&st, resp, f.base, f.src)
		res.State = st
		return res
	}
	st.ETag, st.LastModified = resp.ETag, resp.LastModified
	if st.BodyHash != "" && resp.BodyHash == st.BodyHash {
		r.succeed(&st, resp, f.base, f.src)
		res.State = st
		return res
	}
	doc, err := parse.Parse(resp.Body, resp.ContentType)
	if err != nil {
		st.ETag, st.LastModified = "", ""
		r.fail(&st, resp, err, f.base)
		res.State, res.Failed = st, true
		return res
	}
	n := r.Normaliser.NormaliseSince(f.src, doc, resp.FinalURL, f.at, topics.generation(f.src), &f.state)
	st.Title, st.SiteURL, st.FeedID = n.Meta.Title, n.Meta.SiteURL, n.Meta.FeedID
	st.FeedIntervalSeconds = int64(parse.Interval(doc, resp.Body) / time.Second)
	st.BodyHash = resp.BodyHash
	st.ItemsLastFetch = len(n.Items)
	warnings := n.Warnings
	if len(n.Items) == 0 {
		warnings = append(warnings, noItemsWarning)
	}
	st.LastWarning = strings.Join(warnings, "; ")
	res.Items = make([]Incoming, len(n.Items))
	for i := range n.Items {
		if later := n.later[i]; later != nil {
			src := f.src
			res.Items[i] = KnownIncoming(n.Items[i], func() (Item, []TopicKey) {
				it := later()
				return it, topics.match(src, &it)
			})
			continue
		}
		res.Items[i] = Incoming{Item: n.Items[i], Topics: topics.match(f.src, &n.Items[i])}
	}
	res.Basis = f.state.ReuseBasis()
	st.Generation, st.Digests = n.Generation, n.Digests
	res.Parsed = true
	r.succeed(&st, resp, f.base, f.src)
	res.State = st
	return res
}
