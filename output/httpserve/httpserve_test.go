package httpserve

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

func site(t *testing.T) (string, *httptest.Server) {
	t.Helper()
	dir := t.TempDir()
	outside := t.TempDir()
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>All</title>` + strings.Repeat("<item><title>Story</title></item>", 50) + `</channel></rss>`
	files := map[string]string{
		"index.html": "<!DOCTYPE html><title>Site</title>", "all/rss.xml": rss, "all/atom.xml": "<feed/>",
		"all/feed.json": `{"version":"https://jsonfeed.org/version/1.1"}`, "all/index.html": "<p>all</p>",
		"outputs.opml": "<opml/>", ".feedloom-manifest": `{"files":[]}`, "all/.rss.xml.tmp-123": "half",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o644)
	os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "all", "leak.txt"))
	os.Symlink(outside, filepath.Join(dir, "out"))
	h, err := New(dir, 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); h.Close() })
	return dir, srv
}

func get(t *testing.T, srv *httptest.Server, method, rawPath string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.URL = &url.URL{Scheme: "http", Host: strings.TrimPrefix(srv.URL, "http://"), Opaque: rawPath}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	req.Header.Set("Accept-Encoding", header["Accept-Encoding"]) // no transparent gzip
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func TestServesFormatsWithValidators(t *testing.T) {
	_, srv := site(t)
	for p, want := range map[string]string{
		"/all/rss.xml": "application/rss+xml", "/all/atom.xml": "application/atom+xml", "/all/feed.json": "application/feed+json",
		"/": "text/html", "/all/": "text/html", "/outputs.opml": "text/x-opml",
	} {
		resp, _ := get(t, srv, "GET", p, nil)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), want) {
			t.Errorf("%s: %d %s, want 200 %s", p, resp.StatusCode, resp.Header.Get("Content-Type"), want)
		}
		if resp.Header.Get("ETag") == "" || resp.Header.Get("Last-Modified") == "" || resp.Header.Get("Cache-Control") != "public, max-age=1800" {
			t.Errorf("%s: validators %q %q, cache %q", p, resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"), resp.Header.Get("Cache-Control"))
		}
	}
	resp, body := get(t, srv, "GET", "/all/rss.xml", nil)
	etag := resp.Header.Get("ETag")
	if again, b := get(t, srv, "GET", "/all/rss.xml", map[string]string{"If-None-Match": etag}); again.StatusCode != 304 || len(b) != 0 {
		t.Errorf("If-None-Match: %d with %d bytes, want 304", again.StatusCode, len(b))
	}
	if again, _ := get(t, srv, "GET", "/all/rss.xml", map[string]string{"If-Modified-Since": resp.Header.Get("Last-Modified")}); again.StatusCode != 304 {
		t.Errorf("If-Modified-Since: %d, want 304", again.StatusCode)
	}
	if head, b := get(t, srv, "HEAD", "/all/rss.xml", nil); head.StatusCode != 200 || len(b) != 0 || head.Header.Get("Content-Length") != resp.Header.Get("Content-Length") {
		t.Errorf("HEAD: %d, %d bytes, length %s", head.StatusCode, len(b), head.Header.Get("Content-Length"))
	}
	gz, zbody := get(t, srv, "GET", "/all/rss.xml", map[string]string{"Accept-Encoding": "gzip"})
	zr, err := gzip.NewReader(bytes.NewReader(zbody))
	if err != nil || gz.Header.Get("Content-Encoding") != "gzip" || gz.Header.Get("ETag") == etag {
		t.Fatalf("gzip: %v, encoding %q, etag %q", err, gz.Header.Get("Content-Encoding"), gz.Header.Get("ETag"))
	}
	if plain, _ := io.ReadAll(zr); !bytes.Equal(plain, body) || len(zbody) >= len(body) {
		t.Errorf("gzip body does not decode to the file, or is no smaller (%d → %d)", len(body), len(zbody))
	}
	br, bbody := get(t, srv, "GET", "/all/rss.xml", map[string]string{"Accept-Encoding": "gzip, br"})
	if plain, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(bbody))); br.Header.Get("Content-Encoding") != "br" || !bytes.Equal(plain, body) {
		t.Errorf("brotli: encoding %q", br.Header.Get("Content-Encoding"))
	}
	if nz, _ := get(t, srv, "GET", "/all/rss.xml", map[string]string{"Accept-Encoding": "gzip;q=0"}); nz.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}
}

func TestNothingOutsideTheFolder(t *testing.T) {
	_, srv := site(t)
	for _, p := range []string{"/../secret.txt", "/all/../../secret.txt", "/all/%2e%2e/%2e%2e/secret.txt", "/all/leak.txt", "/out/secret.txt",
		"/.feedloom-manifest", "/all/.rss.xml.tmp-123", "/all/..%5c..%5csecret.txt", "/nope.xml"} {
		if resp, body := get(t, srv, "GET", p, nil); resp.StatusCode != 404 || bytes.Contains(body, []byte("secret")) {
			t.Errorf("%s: %d %q, want 404", p, resp.StatusCode, body)
		}
	}
	if resp, _ := get(t, srv, "POST", "/all/rss.xml", nil); resp.StatusCode != 405 {
		t.Errorf("POST: %d, want 405", resp.StatusCode)
	}
	if resp, _ := get(t, srv, "GET", "/all", nil); resp.StatusCode != 301 || resp.Header.Get("Location") != "/all/" {
		t.Errorf("/all: %d to %q, want 301 to /all/", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestChangedFileIsServedFresh(t *testing.T) {
	dir, srv := site(t)
	_, before := get(t, srv, "GET", "/all/atom.xml", nil)
	time.Sleep(10 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(dir, "all", "atom.xml"), []byte("<feed>new</feed>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, after := get(t, srv, "GET", "/all/atom.xml", nil); bytes.Equal(before, after) || string(after) != "<feed>new</feed>" {
		t.Errorf("served %q after the file changed", after)
	}
}
