package output

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"gocloud.dev/blob"
)

// fakeS3 starts an S3-compatible server in process and returns the --out
// URL of a prefix in its bucket "news", with credentials in the
// environment as the AWS SDK reads them. The client side is the real one.
func fakeS3(t *testing.T) (string, *sync.Map) {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("news"); err != nil {
		t.Fatal(err)
	}
	// gofakes3 keeps no Cache-Control: the PUTs' headers are recorded here.
	cache := &sync.Map{}
	fake := gofakes3.New(backend).Server()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			cache.Store(strings.TrimPrefix(r.URL.Path, "/news/site/"), r.Header.Get("Cache-Control"))
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ACCESS_KEY_ID", "test-key-id")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret-key")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	return "s3://news/site?region=us-east-1&endpoint=" + srv.URL + "&use_path_style=true", cache
}

// objects reads every object under the URL's prefix.
func objects(t *testing.T, out string) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	b, err := openBucket(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	got := map[string][]byte{}
	it := b.List(nil)
	for {
		obj, err := it.Next(ctx)
		if err != nil {
			break
		}
		data, err := b.ReadAll(ctx, obj.Key)
		if err != nil {
			t.Fatal(err)
		}
		got[obj.Key] = data
	}
	return got
}

// TestPublishToS3: a bucket holds the same bytes as a folder publish, each
// object with its type and caching; an unchanged publish writes nothing; a
// removed output's objects are deleted.
func TestPublishToS3(t *testing.T) {
	out, cache := fakeS3(t)
	ctx := context.Background()
	o := testOptions
	o.MaxAge = 30 * time.Minute
	rep, err := Publish(ctx, out, testSite(), o)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Publish(ctx, dir, testSite(), o); err != nil {
		t.Fatal(err)
	}
	got := objects(t, out)
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		want, _ := os.ReadFile(p)
		if !bytes.Equal(got[filepath.ToSlash(rel)], want) {
			t.Errorf("object %s differs from the folder's file", rel)
		}
		n++
		return nil
	})
	if n == 0 || len(got) != n || len(rep.Written) != n-1 { // the manifest is not reported
		t.Errorf("%d objects, %d files, %d written", len(got), n, len(rep.Written))
	}
	b, _ := openBucket(ctx, out)
	defer b.Close()
	for k, want := range map[string]string{"all/rss.xml": "application/rss+xml", "all/feed.json": "application/feed+json", "index.html": "text/html"} {
		a, err := b.Attributes(ctx, k)
		cc, _ := cache.Load(k)
		if err != nil || !strings.HasPrefix(a.ContentType, want) || cc != "public, max-age=1800" {
			t.Errorf("%s: %v, type %q, cache %q", k, err, a.ContentType, cc)
		}
	}
	again, err := Publish(ctx, out, testSite(), o)
	if err != nil || len(again.Written) != 0 {
		t.Errorf("unchanged publish wrote %v (%v)", again.Written, err)
	}
	smaller := testSite()
	gone := smaller.Feeds[1].Output.Slug
	smaller.Feeds = slices.Delete(smaller.Feeds, 1, 2)
	if _, err := Publish(ctx, out, smaller, o); err != nil {
		t.Fatal(err)
	}
	for k := range objects(t, out) {
		if strings.HasPrefix(k, gone+"/") {
			t.Errorf("object %s of the removed output %s is still there", k, gone)
		}
	}
	// The stamp skips an unchanged publish on a bucket too.
	c := &fixedContent{stamp: "gen 1", site: smaller}
	if _, err := PublishContent(ctx, out, c, o); err != nil {
		t.Fatal(err)
	}
	if r, err := PublishContent(ctx, out, c, o); err != nil || !r.Skipped || c.sites != 1 {
		t.Errorf("second publish of the same content: skipped %v (%v)", r.Skipped, err)
	}
}

func TestBucketURLs(t *testing.T) {
	for _, out := range []string{"s3://news/site?regoin=eu-west-1", "s3://news?endpoint=http://x&s3ForcePathStyle=true", "s3:///nobucket"} {
		if _, err := openBucket(context.Background(), out); err == nil {
			t.Errorf("%s opened", out)
		}
	}
	if _, err := openBucket(context.Background(), "gs://news/site"); err == nil || !strings.Contains(err.Error(), "-tags gs") {
		t.Errorf("gs:// without the driver: %v", err)
	}
	if IsBucketURL("public") || IsBucketURL("/srv/www") || !IsBucketURL("s3://b") || !IsBucketURL("azblob://c") {
		t.Error("IsBucketURL")
	}
	var _ *blob.Bucket
}
