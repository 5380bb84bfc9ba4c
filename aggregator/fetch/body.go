package fetch

import (
	"compress/gzip"
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
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
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
	return readCapped(r, c.opts.MaxBody, resp.ContentLength)
}

func readCapped(r io.Reader, limit, hint int64) ([]byte, error) {
	if hint > limit {
		return nil, fmt.Errorf("%w: %d bytes declared, limit %d", ErrTooLarge, hint, limit)
	}
	size := 64 << 10
	if hint > 0 && hint <= limit {
		size = int(hint) + 1
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
