package fetch

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/andybalholm/brotli"
)

// readBody decodes the content encoding and reads at most MaxBody bytes of
// the result, so a small compressed bomb cannot exhaust memory.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	var r io.Reader = resp.Body
	hint := resp.ContentLength
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		// The declared length is the compressed one. A compressed body of
		// known length is read first, and its trailer's size of the
		// decompressed data sizes the buffer: grown from the compressed
		// length instead, a feed's buffer doubled four or five times, and
		// that was a tenth of a cold refresh's allocations.
		var body io.Reader = resp.Body
		if n := resp.ContentLength; n > 0 && n <= maxPrealloc {
			raw, err := readCapped(resp.Body, n, n)
			if err != nil {
				return nil, err
			}
			body, hint = bytes.NewReader(raw), min(gzipSize(raw), c.opts.MaxBody)
		}
		zr, err := gzip.NewReader(body)
		if err != nil {
			return nil, fmt.Errorf("bad gzip body: %w", err)
		}
		defer zr.Close()
		r = zr
	case "br":
		r = brotli.NewReader(resp.Body)
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q", enc)
	}
	return readCapped(r, c.opts.MaxBody, hint)
}

// gzipSize returns the size of the decompressed data that a gzip stream's
// trailer gives (ISIZE, modulo 2^32; for a stream of several members, the
// last one's), or -1. The sender writes it, so it sizes a buffer, within
// maxPrealloc, and never decides what is too large.
func gzipSize(b []byte) int64 {
	if len(b) < 18 { // a header and a trailer
		return -1
	}
	return int64(binary.LittleEndian.Uint32(b[len(b)-4:]))
}

// maxPrealloc bounds the buffer allocated up front from a declared
// Content-Length: a server may declare 20 MiB and then send nothing.
const maxPrealloc = 1 << 20

// readCapped reads r to the end, failing with ErrTooLarge past limit bytes.
// hint is the declared length (or -1).
func readCapped(r io.Reader, limit, hint int64) ([]byte, error) {
	if hint > limit {
		return nil, fmt.Errorf("%w: %d bytes declared, limit %d", ErrTooLarge, hint, limit)
	}
	size := 64 << 10
	if hint > 0 {
		size = int(min(hint+1, maxPrealloc))
	}
	buf := make([]byte, 0, size)
	lr := io.LimitReader(r, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading body: %w", err)
		}
	}
	if int64(len(buf)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return buf, nil
}
