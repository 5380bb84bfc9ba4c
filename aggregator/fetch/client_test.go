package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"go.uber.org/goleak"
)

const feedBody = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>`

// recorder is a test server that keeps the headers of every request.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []http.Header
}

func newRecorder(t *testing.T, h http.HandlerFunc) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, r.Header.Clone())
		rec.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (rec *recorder) last() http.Header {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.reqs[len(rec.reqs)-1]
}

func TestRequestHeaders(t *testing.T) {
	const etag, lastMod = `W/"a b\"c"`, "Tue, 03 Feb 2026 10:00:00 GMT"
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, feedBody)
	})
	c := New(Options{UserAgent: "feedloom/1.0 (+https://contact.example/)"})
	defer c.CloseIdleConnections()

	first, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/feed"})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.last()
	want := map[string]string{
		"User-Agent":        "feedloom/1.0 (+https://contact.example/)",
		"Accept":            accept,
		"Accept-Encoding":   "gzip, br",
		"If-None-Match":     "",
		"If-Modified-Since": "",
	}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("first poll %s = %q, want %q", k, got, v)
		}
	}
	if first.ETag != etag || first.LastModified != lastMod || first.NotModified || string(first.Body) != feedBody {
		t.Errorf("first response = %+v", first)
	}

	second, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/feed", ETag: first.ETag, LastModified: first.LastModified})
	if err != nil {
		t.Fatal(err)
	}
	h = srv.last()
	want["If-None-Match"], want["If-Modified-Since"] = etag, lastMod
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("second poll %s = %q, want %q (sent exactly as received)", k, got, v)
		}
	}
	if !second.NotModified || second.Status != 304 || second.Body != nil {
		t.Errorf("second response = status %d, not modified %v, body %q; want a 304", second.Status, second.NotModified, second.Body)
	}
}

func TestContentEncoding(t *testing.T) {
	var gz, br bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(feedBody))
	zw.Close()
	bw := brotli.NewWriter(&br)
	bw.Write([]byte(feedBody))
	bw.Close()
	tests := []struct {
		enc     string
		body    []byte
		wantErr string
	}{
		{"", []byte(feedBody), ""},
		{"gzip", gz.Bytes(), ""},
		{"br", br.Bytes(), ""},
		{"gzip", []byte("not gzip at all"), "bad gzip body"},
		{"compress", []byte(feedBody), "unsupported Content-Encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.enc+tt.wantErr, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.enc != "" {
					w.Header().Set("Content-Encoding", tt.enc)
				}
				w.Write(tt.body)
			})
			c := New(Options{})
			defer c.CloseIdleConnections()
			resp, err := c.Fetch(context.Background(), Request{URL: srv.URL})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != feedBody || resp.BodyHash != hashBody([]byte(feedBody)) {
				t.Errorf("body = %q", resp.Body)
			}
		})
	}
}

func TestBodyCap(t *testing.T) {
	bomb := gzipBomb(4 << 20)
	tests := []struct {
		name string
		h    http.HandlerFunc
	}{
		{"plain", func(w http.ResponseWriter, r *http.Request) { w.Write(make([]byte, 100<<10)) }},
		{"declared length", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(5<<20))
			w.WriteHeader(200)
		}},
		{"gzip bomb", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecorder(t, tt.h)
			c := New(Options{MaxBody: 64 << 10})
			defer c.CloseIdleConnections()
			_, err := c.Fetch(context.Background(), Request{URL: srv.URL})
			if !errors.Is(err, ErrTooLarge) {
				t.Errorf("err = %v, want ErrTooLarge", err)
			}
		})
	}
	t.Run("at the limit", func(t *testing.T) {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { w.Write(make([]byte, 64<<10)) })
		c := New(Options{MaxBody: 64 << 10})
		defer c.CloseIdleConnections()
		resp, err := c.Fetch(context.Background(), Request{URL: srv.URL})
		if err != nil || len(resp.Body) != 64<<10 {
			t.Errorf("exactly MaxBody bytes: err %v", err)
		}
	})
}

// gzipBomb is a gzip stream of n zero bytes (a multiple of 64 KiB) that
// is about a thousandth of that on the wire: one compressed member of 64
// KiB, repeated (gzip readers join the members).
func gzipBomb(n int) []byte {
	var member bytes.Buffer
	zw := gzip.NewWriter(&member)
	zw.Write(make([]byte, 64<<10))
	zw.Close()
	return bytes.Repeat(member.Bytes(), n/(64<<10))
}

func TestRedirects(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/feed":
			fmt.Fprint(w, feedBody)
		case p == "/loop-a":
			http.Redirect(w, r, "/loop-b", http.StatusMovedPermanently)
		case p == "/loop-b":
			http.Redirect(w, r, "/loop-a", http.StatusMovedPermanently)
		case strings.HasPrefix(p, "/chain/"):
			var n int
			fmt.Sscanf(p, "/chain/%d", &n)
			http.Redirect(w, r, fmt.Sprintf("/chain/%d", n+1), http.StatusFound)
		default:
			// /301/308/feed: each segment is a redirect status.
			parts := strings.SplitN(strings.TrimPrefix(p, "/"), "/", 2)
			var code int
			fmt.Sscanf(parts[0], "%d", &code)
			http.Redirect(w, r, "/"+parts[1], code)
		}
	})
	tests := []struct {
		path      string
		permanent string
		hops      int
		err       error
	}{
		{"/feed", "", 0, nil},
		{"/301/feed", "/feed", 1, nil},
		{"/308/301/feed", "/feed", 2, nil},
		{"/301/302/feed", "", 2, nil},
		{"/307/feed", "", 1, nil},
		{"/loop-a", "", 0, ErrTooManyRedirects},
		{"/chain/0", "", 0, ErrTooManyRedirects},
	}
	c := New(Options{})
	defer c.CloseIdleConnections()
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := c.Fetch(context.Background(), Request{URL: srv.URL + tt.path})
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := ""
			if tt.permanent != "" {
				want = srv.URL + tt.permanent
			}
			if resp.PermanentURL != want || len(resp.Redirects) != tt.hops || resp.FinalURL != srv.URL+"/feed" {
				t.Errorf("permanent %q, %d hops, final %q; want %q, %d, /feed", resp.PermanentURL, len(resp.Redirects), resp.FinalURL, want, tt.hops)
			}
		})
	}
}

// TestRedirectCaps: a cap of 2 follows two hops and fails on the third;
// NoRedirects (--max-redirects 0) follows none and names the target.
func TestRedirectCaps(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed" {
			fmt.Fprint(w, feedBody)
			return
		}
		http.Redirect(w, r, "/"+strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2)[1], http.StatusFound)
	})
	for _, tt := range []struct {
		max  int
		path string
		ok   bool
	}{
		{2, "/a/b/feed", true},
		{2, "/a/b/c/feed", false},
		{NoRedirects, "/feed", true},
		{NoRedirects, "/a/feed", false},
	} {
		c := New(Options{MaxRedirects: tt.max})
		_, err := c.Fetch(context.Background(), Request{URL: srv.URL + tt.path})
		c.CloseIdleConnections()
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrTooManyRedirects)) {
			t.Errorf("cap %d, %s: err = %v, want ok %v", tt.max, tt.path, err, tt.ok)
		}
		if tt.max == NoRedirects && err != nil && !strings.Contains(err.Error(), srv.URL+"/feed") {
			t.Errorf("the refusal does not name the target: %v", err)
		}
	}
}

func TestStatusError(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	c := New(Options{})
	defer c.CloseIdleConnections()
	_, err := c.Fetch(context.Background(), Request{URL: srv.URL})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 429 || se.Response.Header.Get("Retry-After") != "120" {
		t.Fatalf("err = %v, want a *StatusError 429 with its headers", err)
	}
}

// TestHostileServers checks that each server that never finishes ends in
// a timeout error and leaves no goroutine behind.
func TestHostileServers(t *testing.T) {
	before := goleak.IgnoreCurrent()
	release := make(chan struct{})
	wait := func(r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/stall-headers":
			wait(r)
		case "/stall-body":
			w.Header().Set("Content-Length", "1000")
			w.WriteHeader(200)
			w.Write([]byte("<rss>"))
			w.(http.Flusher).Flush()
			wait(r)
		case "/endless":
			w.WriteHeader(200)
			for {
				if _, err := w.Write([]byte("<item>tick</item>")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-release:
					return
				case <-time.After(time.Millisecond):
				}
			}
		}
	}))
	c := New(Options{HeaderTimeout: 100 * time.Millisecond, Timeout: 300 * time.Millisecond})
	for _, p := range []string{"/stall-headers", "/stall-body", "/endless"} {
		t.Run(p, func(t *testing.T) {
			_, err := c.Fetch(context.Background(), Request{URL: srv.URL + p})
			if err == nil || !strings.Contains(err.Error(), "timed out") {
				t.Errorf("err = %v, want a timeout", err)
			}
			var to interface{ Timeout() bool }
			if !errors.As(err, &to) || !to.Timeout() {
				t.Errorf("err %v does not report Timeout()", err)
			}
		})
	}
	close(release)
	c.CloseIdleConnections()
	srv.Close()
	goleak.VerifyNone(t, before)
}

func TestCrossHostRedirectDropsValidators(t *testing.T) {
	other := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, feedBody) })
	first := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/feed", http.StatusMovedPermanently)
	})
	// Both hosts are loopback: the private-network guard would refuse the
	// second one, which is not what this test is about.
	c := New(Options{AllowPrivate: true})
	defer c.CloseIdleConnections()
	if _, err := c.Fetch(context.Background(), Request{URL: first.URL, ETag: `"x"`, LastModified: "yesterday"}); err != nil {
		t.Fatal(err)
	}
	if h := first.last(); h.Get("If-None-Match") != `"x"` {
		t.Errorf("first host got If-None-Match %q", h.Get("If-None-Match"))
	}
	if h := other.last(); h.Get("If-None-Match") != "" || h.Get("If-Modified-Since") != "" {
		t.Errorf("other host got validators %q %q", h.Get("If-None-Match"), h.Get("If-Modified-Since"))
	}
}

func TestFileSource(t *testing.T) {
	p := filepath.Join(t.TempDir(), "feed.xml")
	os.WriteFile(p, []byte(feedBody), 0o644)
	c := New(Options{})
	first, err := c.Fetch(context.Background(), Request{URL: "file://" + p})
	if err != nil || string(first.Body) != feedBody || first.LastModified == "" {
		t.Fatalf("first = %+v, %v", first, err)
	}
	second, err := c.Fetch(context.Background(), Request{URL: "file://" + p, LastModified: first.LastModified})
	if err != nil || !second.NotModified {
		t.Fatalf("unchanged file: %+v, %v; want a 304", second, err)
	}
	if _, err := c.Fetch(context.Background(), Request{URL: "file://" + p + ".missing"}); err == nil {
		t.Error("missing file: no error")
	}
}

// TestBombMemoryBounded: fetching a 64 MiB gzip bomb with a 1 MiB cap
// allocates about the cap, not the bomb.
func TestBombMemoryBounded(t *testing.T) {
	bomb := gzipBomb(64 << 20)
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	_, alloc, err := fetchCounting(Options{MaxBody: 1 << 20}, srv.URL)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if alloc > 16<<20 {
		t.Errorf("fetching the bomb allocated %d MiB, want about the 1 MiB cap", alloc>>20)
	}
}

// TestSourceHeadersStayWithTheirHost: a source's own headers and Basic
// credentials reach its host, and are dropped when a redirect leads to
// another host (another port counts), so a feed cannot pass them on.
func TestSourceHeadersStayWithTheirHost(t *testing.T) {
	other := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, feedBody) })
	own := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "reader" || p != "s3cret" || r.Header.Get("X-Api-Key") != "k-123" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.URL.Path == "/away" {
			http.Redirect(w, r, other.URL+"/feed", http.StatusFound)
			return
		}
		fmt.Fprint(w, feedBody)
	})
	c := New(Options{})
	defer c.CloseIdleConnections()
	req := Request{Header: http.Header{"X-Api-Key": {"k-123"}}, Username: "reader", Password: "s3cret"}
	req.URL = own.URL + "/feed"
	if _, err := c.Fetch(context.Background(), req); err != nil {
		t.Fatalf("own host: %v", err)
	}
	req.URL = own.URL + "/away"
	if _, err := c.Fetch(context.Background(), req); err != nil {
		t.Fatalf("redirected: %v", err)
	}
	h := other.last()
	if h.Get("Authorization") != "" || h.Get("X-Api-Key") != "" {
		t.Errorf("another host got the source's credentials: %v", h)
	}
	if h.Get("User-Agent") == "" {
		t.Error("the redirected request lost its ordinary headers")
	}
}

// TestGzipBodySizedFromItsTrailer: a gzip body of declared length is read
// into a buffer of the size its trailer gives, not grown from the
// compressed length; a trailer that lies costs no more than maxPrealloc,
// and a stream of several members (whose trailer gives only the last
// one's size) is read whole.
func TestGzipBodySizedFromItsTrailer(t *testing.T) {
	feed := []byte(strings.Repeat(feedBody, 400))
	gz := func(parts ...[]byte) []byte {
		var b bytes.Buffer
		for _, p := range parts {
			zw := gzip.NewWriter(&b)
			zw.Write(p)
			zw.Close()
		}
		return b.Bytes()
	}
	lying := gz(feed)
	binary.LittleEndian.PutUint32(lying[len(lying)-4:], 0xffffffff)
	fetch := func(t *testing.T, body []byte) (*Response, uint64, error) {
		t.Helper()
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
			w.Write(body)
		})
		return fetchCounting(Options{}, srv.URL)
	}

	resp, _, err := fetch(t, gz(feed))
	if err != nil || !bytes.Equal(resp.Body, feed) {
		t.Fatalf("err %v, body of %d bytes, want %d", err, len(resp.Body), len(feed))
	}
	if spare := cap(resp.Body) - len(resp.Body); spare > 1 {
		t.Errorf("a body of %d bytes in a buffer of %d: sized from the compressed length, not the trailer", len(resp.Body), cap(resp.Body))
	}
	resp, _, err = fetch(t, gz(feed[:len(feed)/2], feed[len(feed)/2:len(feed)-10], feed[len(feed)-10:]))
	if err != nil || !bytes.Equal(resp.Body, feed) {
		t.Fatalf("three members: err %v, body of %d bytes, want %d", err, len(resp.Body), len(feed))
	}
	_, alloc, err := fetch(t, lying)
	if err == nil {
		t.Error("a trailer that does not match the data was accepted")
	}
	if alloc > 8<<20 {
		t.Errorf("a trailer claiming 4 GiB made the fetch allocate %d MiB", alloc>>20)
	}
}

// fetchCounting fetches url with a new client and returns, beside what
// Fetch returns, the bytes the process allocated meanwhile.
func fetchCounting(opts Options, url string) (*Response, uint64, error) {
	c := New(opts)
	defer c.CloseIdleConnections()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	resp, err := c.Fetch(context.Background(), Request{URL: url})
	runtime.ReadMemStats(&after)
	return resp, after.TotalAlloc - before.TotalAlloc, err
}
