package fetch

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrTooLarge is returned when a body exceeds the configured cap after
// decompression.
var ErrTooLarge = errors.New("response body too large")

// ErrTooManyRedirects is returned when a redirect chain is longer than the
// configured cap (or loops).
var ErrTooManyRedirects = errors.New("too many redirects")

// StatusError is an HTTP response that is neither a success nor a 304.
type StatusError struct {
	Code int
	// Response carries the headers (Retry-After…) and the final URL.
	Response *Response
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
}
