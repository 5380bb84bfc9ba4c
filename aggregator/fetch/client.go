package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Options configure a Client. Zero values take the defaults in
// DefaultOptions.
type Options struct {
	// UserAgent identifies feedloom to publishers, with a contact URL.
	UserAgent string
	// Timeout bounds a whole request, body included.
	Timeout time.Duration
	// ConnectTimeout, TLSTimeout and HeaderTimeout bound the phases before
	// the body.
	ConnectTimeout, TLSTimeout, HeaderTimeout time.Duration
	// MaxBody caps the body after decompression.
	MaxBody int64
	// MaxRedirects caps a redirect chain; zero means DefaultOptions' cap
	// and NoRedirects follows none.
	MaxRedirects int
	// AllowPrivate lets redirects and discovered links lead to loopback,
	// private and link-local addresses. Off by default: only the host a
	// request names itself (the operator's choice) may be such an address.
	AllowPrivate bool
}

// NoRedirects as Options.MaxRedirects follows no redirect at all: a
// redirect answer is a failure that names where it pointed.
const NoRedirects = -1

// DefaultOptions are the limits feedloom uses unless told otherwise.
var DefaultOptions = Options{
	UserAgent:      "feedloom (+https://github.com/feedloom/feedloom)",
	Timeout:        60 * time.Second,
	ConnectTimeout: 10 * time.Second,
	TLSTimeout:     10 * time.Second,
	HeaderTimeout:  30 * time.Second,
	MaxBody:        20 << 20,
	MaxRedirects:   10,
}

// Client fetches feeds. It is safe for concurrent use.
type Client struct {
	opts Options
	http *http.Client
}

// New returns a Client with opts (zero fields take defaults). Proxy settings
// come from the environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY).
func New(opts Options) *Client {
	d := DefaultOptions
	if opts.UserAgent == "" {
		opts.UserAgent = d.UserAgent
	}
	if opts.Timeout <= 0 {
		opts.Timeout = d.Timeout
	}
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = d.ConnectTimeout
	}
	if opts.TLSTimeout <= 0 {
		opts.TLSTimeout = d.TLSTimeout
	}
	if opts.HeaderTimeout <= 0 {
		opts.HeaderTimeout = d.HeaderTimeout
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = d.MaxBody
	}
	switch {
	case opts.MaxRedirects < 0:
		opts.MaxRedirects = 0
	case opts.MaxRedirects == 0:
		opts.MaxRedirects = d.MaxRedirects
	}
	tr := &http.Transport{
		Proxy:                 proxyFromEnvironment,
		DialContext:           guardedDial(&net.Dialer{Timeout: opts.ConnectTimeout, KeepAlive: 30 * time.Second}),
		TLSHandshakeTimeout:   opts.TLSTimeout,
		ResponseHeaderTimeout: opts.HeaderTimeout,
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       60 * time.Second,
		ForceAttemptHTTP2:     true,
		// Compression is negotiated and decoded here, so the body cap
		// applies to the decompressed size and brotli is offered too.
		DisableCompression: true,
	}
	c := &Client{opts: opts}
	c.http = &http.Client{Transport: tr, CheckRedirect: c.checkRedirect}
	return c
}

// CloseIdleConnections closes the connections kept alive for reuse, so a
// finished run leaves no sockets (or their goroutines) behind.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// Request is one poll of a feed.
type Request struct {
	URL string
	// ETag and LastModified are the validators stored from the last
	// response, sent back exactly as received.
	ETag, LastModified string
	// Header holds extra headers for this source and Username and
	// Password its HTTP Basic credentials (the OPML's headers and authEnv).
	// They go to the URL's own host (scheme and port included) and are
	// dropped on a redirect to any other.
	Header             http.Header
	Username, Password string
	// Origin is the URL the operator named (the OPML's xmlUrl, or the page
	// given to `sources add`): its host may be a private address, every
	// other host the request reaches must be public unless
	// Options.AllowPrivate. Empty means URL itself.
	Origin string
}

// Response is the outcome of a successful poll (2xx or 304).
type Response struct {
	// Status is the HTTP status (200 for files).
	Status int
	// NotModified is true for a 304: the stored copy is current.
	NotModified bool
	// Body is the decompressed body (nil for a 304).
	Body []byte
	// BodyHash names Body: the first 16 bytes of its SHA-256, in hex.
	BodyHash    string
	ContentType string
	// ETag and LastModified are the validators this response carried.
	ETag, LastModified string
	// Header is the final response's header (Cache-Control, Expires,
	// Retry-After…).
	Header http.Header
	// FinalURL is the URL after redirects.
	FinalURL string
	// PermanentURL is set when every redirect from the requested URL was
	// permanent (301 or 308): the URL the feed has moved to.
	PermanentURL string
	// Redirects lists the hops followed.
	Redirects []Redirect
	Duration  time.Duration
}

// Redirect is one hop of a redirect chain.
type Redirect struct {
	Status int
	To     string
}

type trackerKey struct{}

type tracker struct{ hops []Redirect }

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if c.opts.MaxRedirects == 0 {
		return fmt.Errorf("%w: redirects are not followed (this one points to %s)", ErrTooManyRedirects, req.URL)
	}
	if len(via) > c.opts.MaxRedirects {
		return fmt.Errorf("%w (more than %d)", ErrTooManyRedirects, c.opts.MaxRedirects)
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return fmt.Errorf("%w: loop back to %s", ErrTooManyRedirects, req.URL)
		}
	}
	if err := guardOf(req.Context()).check(req.Context(), req.URL.Hostname()); err != nil {
		pe := err.(*PrivateAddressError)
		pe.URL = req.URL.String()
		return pe
	}
	if t, ok := req.Context().Value(trackerKey{}).(*tracker); ok && req.Response != nil {
		t.hops = append(t.hops, Redirect{Status: req.Response.StatusCode, To: req.URL.String()})
	}
	if len(via) > 0 {
		dropPrivateHeaders(req, via[0])
	}
	// Validators belong to the original URL's resource; carry them only
	// within the same host.
	if len(via) > 0 && req.URL.Host != via[0].URL.Host {
		req.Header.Del("If-None-Match")
		req.Header.Del("If-Modified-Since")
	}
	return nil
}

// Fetch polls one feed. A 2xx or 304 returns a Response; any other status
// returns a *StatusError (with the Response for its headers); network
// failures, timeouts and oversize bodies return errors that name the URL.
func (c *Client) Fetch(ctx context.Context, r Request) (*Response, error) {
	if strings.HasPrefix(r.URL, "file://") {
		return c.fetchFile(ctx, r)
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	t := &tracker{}
	ctx = context.WithValue(ctx, trackerKey{}, t)
	origin := r.Origin
	if origin == "" {
		origin = r.URL
	}
	ctx = withGuard(ctx, origin, c.opts.AllowPrivate)
	req, err := c.newRequest(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := guardOf(ctx).check(ctx, req.URL.Hostname()); err != nil {
		pe := err.(*PrivateAddressError)
		pe.URL = r.URL
		return nil, pe
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.describe(ctx, err)
	}
	defer resp.Body.Close()
	out := &Response{
		Status:       resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		Header:       resp.Header,
		FinalURL:     resp.Request.URL.String(),
		Redirects:    t.hops,
	}
	out.PermanentURL = permanentTarget(t.hops)
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		out.Duration = time.Since(start)
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		out.Duration = time.Since(start)
		return nil, &StatusError{Code: resp.StatusCode, Response: out}
	}
	body, err := c.readBody(resp)
	if err != nil {
		return nil, c.describe(ctx, err)
	}
	out.Body = body
	out.BodyHash = hashBody(body)
	out.Duration = time.Since(start)
	return out, nil
}

// permanentTarget returns where the feed moved when every hop was
// permanent; a temporary hop anywhere means the original URL stays.
func permanentTarget(hops []Redirect) string {
	if len(hops) == 0 {
		return ""
	}
	for _, h := range hops {
		if h.Status != http.StatusMovedPermanently && h.Status != http.StatusPermanentRedirect {
			return ""
		}
	}
	return hops[len(hops)-1].To
}

func hashBody(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}

// describe turns transport errors into messages a user can act on, keeping
// the cause for errors.Is.
func (c *Client) describe(ctx context.Context, err error) error {
	var t interface{ Timeout() bool }
	var ue *url.Error
	switch {
	case errors.Is(err, ErrTooLarge):
		return err
	case errors.Is(err, ErrPrivateAddress):
		var pe *PrivateAddressError
		if errors.As(err, &pe) {
			e := *pe
			if errors.As(err, &ue) {
				e.URL = ue.URL
			}
			return &e
		}
		return err
	case errors.Is(err, ErrTooManyRedirects):
		// Drop the url.Error wrapper: it names the last Location, often a
		// bare path, which says less than the redirect error itself.
		if errors.As(err, &ue) {
			return ue.Err
		}
		return err
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("timed out after %s (the limit for a whole request): %w", c.opts.Timeout, err)
	case errors.As(err, &t) && t.Timeout():
		return fmt.Errorf("timed out: %w", err)
	}
	return err
}
