package fetch

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"syscall"
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
	if fi, err := os.Stat(u.Path); err == nil && !fi.Mode().IsRegular() {
		return nil, notRegular(u.Path, fi)
	}
	// O_NONBLOCK: should the path turn into a FIFO after the check, the
	// open still returns at once instead of waiting for a writer.
	f, err := os.OpenFile(u.Path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", u.Path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, notRegular(u.Path, fi)
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

// notRegular refuses a local source that is not a regular file: a folder,
// or a FIFO, socket or device, which could block a refresh for ever or
// stream without end.
func notRegular(path string, fi os.FileInfo) error {
	what := "not a regular file"
	switch {
	case fi.IsDir():
		what = "a folder"
	case fi.Mode()&os.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case fi.Mode()&os.ModeSocket != 0:
		what = "a socket"
	case fi.Mode()&os.ModeDevice != 0:
		what = "a device"
	}
	return fmt.Errorf("%s is %s, not a feed file: local sources must be regular files (write the feed to a file and name that)", path, what)
}
