package fetch

import (
	"context"
	"fmt"
	"net/http"
)

// accept lists the feed media types first, then generic XML and JSON, so
// servers that negotiate pick a feed.
const accept = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

func (c *Client) newRequest(ctx context.Context, r Request) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("bad URL: %w", err)
	}
	h := req.Header
	h.Set("User-Agent", c.opts.UserAgent)
	h.Set("Accept", accept)
	h.Set("Accept-Encoding", "gzip, br")
	if r.ETag != "" {
		h.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		h.Set("If-Modified-Since", r.LastModified)
	}
	// The source's own headers and credentials go to its own host only
	// (checkRedirect drops them on the way to another).
	for name, values := range r.Header {
		h.Del(name)
		for _, v := range values {
			h.Add(name, v)
		}
	}
	if r.Username != "" {
		req.SetBasicAuth(r.Username, r.Password)
	}
	if len(r.Header) > 0 || r.Username != "" {
		req = req.WithContext(context.WithValue(req.Context(), privateKey{}, privateHeaders(r)))
	}
	return req, nil
}

// privateKey carries, in a request's context, the header names that are
// the source's own: sent to the host it names and to no other.
type privateKey struct{}

func privateHeaders(r Request) []string {
	names := make([]string, 0, len(r.Header)+1)
	for name := range r.Header {
		names = append(names, name)
	}
	if r.Username != "" {
		names = append(names, "Authorization")
	}
	return names
}

// dropPrivateHeaders removes the source's own headers and credentials from
// a redirected request bound for another host than the first request's.
func dropPrivateHeaders(req *http.Request, first *http.Request) {
	if req.URL.Host == first.URL.Host && req.URL.Scheme == first.URL.Scheme {
		return
	}
	names, _ := req.Context().Value(privateKey{}).([]string)
	for _, name := range names {
		req.Header.Del(name)
	}
}
