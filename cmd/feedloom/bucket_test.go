package main

import (
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// TestRefreshIntoABucket: refresh and publish write the site into an
// S3-compatible bucket (served in process; the client is the real one),
// and a second refresh that changed nothing writes no object.
func TestRefreshIntoABucket(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("news"); err != nil {
		t.Fatal(err)
	}
	s3 := httptest.NewServer(gofakes3.New(backend).Server())
	defer s3.Close()
	t.Setenv("AWS_ACCESS_KEY_ID", "test-key-id")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret-key")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	f := newFarm(t)
	e := newE2E(t, fmt.Sprintf(`<outline text="Coast"><outline text="A" xmlUrl="%[1]s/f/0"/><outline text="B" xmlUrl="%[1]s/f/1"/></outline>`, f.URL))
	out := "s3://news/site?region=us-east-1&endpoint=" + s3.URL + "&use_path_style=true"
	args := append(e.args, "--out", out, "-v")
	code, _, stderr := feedloom(t, append(args, "refresh")...)
	if code != exitOK || !strings.Contains(stderr, "published 2 outputs") {
		t.Fatalf("refresh into a bucket = %d: %s", code, stderr)
	}
	list, err := backend.ListBucket("news", nil, gofakes3.ListBucketPage{})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, o := range list.Contents {
		keys[o.Key] = true
	}
	for _, k := range []string{"site/all/rss.xml", "site/coast/feed.json", "site/index.html", "site/health.html", "site/.feedloom-manifest"} {
		if !keys[k] {
			t.Errorf("bucket lacks %s (has %v)", k, keys)
		}
	}
	code, _, stderr = feedloom(t, append(args, "publish")...)
	if code != exitOK || !strings.Contains(stderr, "0 files written") {
		t.Errorf("unchanged publish into the bucket = %d: %s", code, stderr)
	}
}
