package fetch

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"time"
)

// fetchFile reads a local source. A file's modification time serves as
// its Last-Modified, so an unchanged file is a 304 like any server's.
func (c *Client) fetchFile(ctx context.Context, r Request) (*Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, fmt.Errorf("bad file URL: %w", err)
	}
	start := time.Now()
	f, err := os.Open(u.Path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", u.Path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a feed file", u.Path)
	}
	// A validator of our own: nanosecond mtime and size, finer than an
	// HTTP date, so a file rewritten within a second is still seen.
	lm := fmt.Sprintf("%s %d", fi.ModTime().UTC().Format(time.RFC3339Nano), fi.Size())
	out := &Response{Status: 200, LastModified: lm, FinalURL: r.URL}
	if r.LastModified == lm {
		out.Status, out.NotModified = 304, true
		out.Duration = time.Since(start)
		return out, nil
	}
	body, err := readCapped(f, c.opts.MaxBody, fi.Size())
	if err != nil {
		return nil, err
	}
	out.Body, out.BodyHash = body, hashBody(body)
	out.Duration = time.Since(start)
	return out, nil
}
