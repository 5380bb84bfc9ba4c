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
	return req, nil
}
