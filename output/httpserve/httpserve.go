// Package httpserve serves a published output folder over HTTP the way a
// feed reader and a browser want it: the right Content-Type per format,
// ETag and Last-Modified with 304 answers, gzip or brotli when asked,
// HEAD, and a Cache-Control that matches how often the outputs can change.
// Nothing outside the folder is reachable: no "..", no hidden files (the
// manifest, temporary files), no symbolic link out of it.
package httpserve

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// maxFile bounds what is served; a published document is far smaller.
const maxFile = 256 << 20

// contentTypes are the media types of the files feedloom publishes.
var contentTypes = map[string]string{
	"rss.xml":   "application/rss+xml; charset=utf-8",
	"atom.xml":  "application/atom+xml; charset=utf-8",
	"feed.json": "application/feed+json; charset=utf-8",
	".html":     "text/html; charset=utf-8",
	".opml":     "text/x-opml; charset=utf-8",
	".xml":      "application/xml; charset=utf-8",
	".json":     "application/json; charset=utf-8",
	".css":      "text/css; charset=utf-8",
	".png":      "image/png",
	".txt":      "text/plain; charset=utf-8",
}

// Handler serves the folder dir. maxAge is the Cache-Control max-age:
// how long a reader may keep a copy without asking again (the polling
// interval is the natural choice).
type Handler struct {
	root   *os.Root
	maxAge time.Duration
	mu     sync.Mutex
	cache  map[string]*entry // by path
}

// entry is one file as last read: its bytes, their validators and their
// compressed forms, made on first request.
type entry struct {
	mod      time.Time
	size     int64
	data     []byte
	etag     string
	encoded  map[string][]byte
	encoding sync.Mutex
}

// New returns a Handler for dir, which must exist.
func New(dir string, maxAge time.Duration) (*Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("serve %s: %w", dir, err)
	}
	return &Handler{root: root, maxAge: maxAge, cache: map[string]*entry{}}, nil
}

// Close releases the folder.
func (h *Handler) Close() error { return h.root.Close() }

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := clean(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	e, err := h.load(name)
	if errors.Is(err, errIsDir) {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		e, err = h.load(name)
	}
	if err != nil {
		http.NotFound(w, r)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", contentType(name))
	hd.Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(h.maxAge/time.Second)))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Add("Vary", "Accept-Encoding")
	body, etag := e.data, e.etag
	if enc := encoding(r.Header.Get("Accept-Encoding")); enc != "" && compressible(name) && len(e.data) > 512 {
		body, etag = e.compressed(enc), strings.TrimSuffix(e.etag, `"`)+"-"+enc+`"`
		hd.Set("Content-Encoding", enc)
	}
	hd.Set("ETag", etag)
	http.ServeContent(w, r, "", e.mod, bytes.NewReader(body))
}

// errIsDir is load's answer for a folder.
var errIsDir = errors.New("is a folder")

// clean maps a URL path to a name inside the folder; ok is false for a
// path that reaches outside it or names a hidden file.
func clean(p string) (string, bool) {
	if strings.Contains(p, "\x00") || strings.Contains(p, `\`) {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || strings.HasPrefix(seg, ".") && seg != "" {
			return "", false
		}
	}
	name := strings.TrimPrefix(path.Clean("/"+p), "/")
	if name == "" {
		name = "."
	}
	return name, fs.ValidPath(name)
}

// load returns the file's entry, reading it again when it changed.
func (h *Handler) load(name string) (*entry, error) {
	fi, err := h.root.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, errIsDir
	}
	if !fi.Mode().IsRegular() || fi.Size() > maxFile {
		return nil, fs.ErrNotExist
	}
	h.mu.Lock()
	e := h.cache[name]
	h.mu.Unlock()
	if e != nil && e.mod.Equal(fi.ModTime()) && e.size == fi.Size() {
		return e, nil
	}
	f, err := h.root.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile))
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	e = &entry{mod: fi.ModTime(), size: fi.Size(), data: data, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, encoded: map[string][]byte{}}
	h.mu.Lock()
	h.cache[name] = e
	h.mu.Unlock()
	return e, nil
}

// compressed returns the entry's bytes in encoding enc, made once.
func (e *entry) compressed(enc string) []byte {
	e.encoding.Lock()
	defer e.encoding.Unlock()
	if b, ok := e.encoded[enc]; ok {
		return b
	}
	var buf bytes.Buffer
	var w io.WriteCloser
	if enc == "br" {
		w = brotli.NewWriterLevel(&buf, 6)
	} else {
		w, _ = gzip.NewWriterLevel(&buf, gzip.BestCompression)
	}
	w.Write(e.data)
	w.Close()
	e.encoded[enc] = buf.Bytes()
	return buf.Bytes()
}

// encoding picks brotli or gzip from an Accept-Encoding header, "" for
// neither. A coding given q=0 is refused.
func encoding(accept string) string {
	ok := map[string]bool{}
	for _, part := range strings.Split(accept, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		ok[name] = q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	switch {
	case ok["br"]:
		return "br"
	case ok["gzip"]:
		return "gzip"
	}
	return ""
}

// contentType is the media type of a published file.
func contentType(name string) string {
	base := path.Base(name)
	if t, ok := contentTypes[base]; ok {
		return t
	}
	if t, ok := contentTypes[path.Ext(base)]; ok {
		return t
	}
	return "application/octet-stream"
}

// compressible reports whether a file is text worth compressing.
func compressible(name string) bool {
	t := contentType(name)
	return strings.Contains(t, "xml") || strings.Contains(t, "json") || strings.HasPrefix(t, "text/")
}
