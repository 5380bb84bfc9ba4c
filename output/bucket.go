package output

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/s3blob" // s3://, and S3-compatible stores (MinIO, Ceph, SeaweedFS)
	"gocloud.dev/gcerrors"
)

// bucketParams are the query parameters a bucket URL may carry, by scheme:
// exactly these, so that a typo is an error, not a silently ignored
// setting. Credentials never go in the URL: they come from each
// provider's usual environment variables and files.
var bucketParams = map[string][]string{
	"s3":     {"region", "endpoint", "use_path_style"},
	"gs":     {},
	"azblob": {"domain", "protocol", "cdn", "localemu"},
}

// IsBucketURL reports whether out names an object-storage bucket
// (s3://BUCKET/PREFIX, gs://…, azblob://…) rather than a local folder.
func IsBucketURL(out string) bool {
	scheme, _, ok := strings.Cut(out, "://")
	_, known := bucketParams[scheme]
	return ok && known
}

// openBucket opens the bucket out names, narrowed to its path as a prefix.
func openBucket(ctx context.Context, out string) (*blob.Bucket, error) {
	u, err := url.Parse(out)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("--out %s: write a bucket as SCHEME://BUCKET/PREFIX, such as s3://news/site?region=eu-west-1", redact(out))
	}
	allowed := bucketParams[u.Scheme]
	for name := range u.Query() {
		if !contains(allowed, name) {
			return nil, fmt.Errorf("--out %s: unknown parameter %q for %s:// (use %s)", redact(out), name, u.Scheme, strings.Join(allowed, ", "))
		}
	}
	prefix := strings.Trim(u.Path, "/")
	u.Path = ""
	b, err := blob.OpenBucket(ctx, u.String())
	if err != nil {
		if !strings.Contains(err.Error(), "no driver registered") {
			return nil, fmt.Errorf("--out %s: %w", redact(out), err)
		}
		return nil, fmt.Errorf("--out %s: this feedloom was built without %s:// support; build it with -tags %s", redact(out), u.Scheme, u.Scheme)
	}
	if prefix != "" {
		b = blob.PrefixedBucket(b, prefix+"/")
	}
	return b, nil
}

// redact drops anything that looks like a credential from a URL before it
// is shown.
func redact(out string) string {
	if u, err := url.Parse(out); err == nil {
		u.User = nil
		return u.String()
	}
	return "(the --out URL)"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// bucketFS is the fileSystem of a bucket: each file an object, written
// whole (a reader sees the old object or the new one), with its
// Content-Type and a Cache-Control that says how long to keep it.
type bucketFS struct {
	ctx    context.Context
	b      *blob.Bucket
	maxAge time.Duration
}

func key(name string) string { return strings.TrimPrefix(path.Clean(filepath.ToSlash(name)), "/") }

func notExist(err error) error {
	if gcerrors.Code(err) == gcerrors.NotFound {
		return fmt.Errorf("%w: %v", fs.ErrNotExist, err)
	}
	return err
}

// ReadFile implements fileSystem.
func (f bucketFS) ReadFile(name string) ([]byte, error) {
	b, err := f.b.ReadAll(f.ctx, key(name))
	return b, notExist(err)
}

// WriteFile implements fileSystem.
func (f bucketFS) WriteFile(name string, data []byte) error {
	k := key(name)
	return f.b.WriteAll(f.ctx, k, data, &blob.WriterOptions{
		ContentType:  objectType(k),
		CacheControl: fmt.Sprintf("public, max-age=%d", int(f.maxAge/time.Second)),
	})
}

// Open implements fileSystem.
func (f bucketFS) Open(name string) (io.ReadCloser, error) {
	r, err := f.b.NewReader(f.ctx, key(name), nil)
	return r, notExist(err)
}

// Place implements fileSystem: the object is uploaded from tmp, a piece
// at a time, and becomes visible whole when the upload completes.
func (f bucketFS) Place(tmp, name string) error {
	src, err := os.Open(tmp)
	if err != nil {
		return err
	}
	defer src.Close()
	k := key(name)
	// Cancelling the writer's context before Close aborts the upload: a
	// failed copy must not leave a partial object.
	ctx, cancel := context.WithCancel(f.ctx)
	defer cancel()
	w, err := f.b.NewWriter(ctx, k, &blob.WriterOptions{
		ContentType:  objectType(k),
		CacheControl: fmt.Sprintf("public, max-age=%d", int(f.maxAge/time.Second)),
	})
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, src); err != nil {
		cancel()
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.Remove(tmp)
}

// Local implements fileSystem: a bucket's files are rendered elsewhere.
func (bucketFS) Local() bool { return false }

// Remove implements fileSystem; a bucket has no folders to remove.
func (f bucketFS) Remove(name string) error { return notExist(f.b.Delete(f.ctx, key(name))) }

// MkdirAll implements fileSystem: a bucket needs none.
func (bucketFS) MkdirAll(string) error { return nil }

// Exists implements fileSystem.
func (f bucketFS) Exists(name string) bool {
	ok, err := f.b.Exists(f.ctx, key(name))
	return err == nil && ok
}

// objectType is the Content-Type of a published file.
func objectType(k string) string {
	switch base := path.Base(k); {
	case base == rssFile:
		return rssType + "; charset=utf-8"
	case base == atomFile:
		return atomType + "; charset=utf-8"
	case base == jsonFile:
		return jsonType + "; charset=utf-8"
	case strings.HasSuffix(base, ".html"):
		return "text/html; charset=utf-8"
	case strings.HasSuffix(base, ".opml"):
		return "text/x-opml; charset=utf-8"
	}
	return "application/json" // the manifest
}

// target is where a publish writes: a local folder (locked while it is
// written, its temporary files cleared) or a bucket.
func target(ctx context.Context, out string, o Options) (publisher, string, func(), error) {
	if !IsBucketURL(out) {
		return publisher{fs: osFS{}, claim: claimFolder}, out, func() {}, nil
	}
	b, err := openBucket(ctx, out)
	if err != nil {
		return publisher{}, "", nil, err
	}
	return publisher{fs: bucketFS{ctx: ctx, b: b, maxAge: o.MaxAge}}, "", func() { b.Close() }, nil
}
