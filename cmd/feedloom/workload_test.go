package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/internal/corpustest"
)

// On the benchmark workload, where 3% of items are re-posted by another
// feed under another GUID (same link), "all" holds each story once: as
// many entries as the workload has distinct links, none of them twice.
func TestWorkloadRepostsShownOnce(t *testing.T) {
	wl := corpustest.Shared(t, "tools", "workload")
	bin := buildFeedloom(t)
	tmp := t.TempDir()
	server := filepath.Join(tmp, "feedserver")
	build := exec.Command("go", "build", "-o", server, "./cmd/feedserver")
	build.Dir = wl
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("cannot build the workload server (its module may be missing offline): %v\n%s", err, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := exec.CommandContext(ctx, server, "-n", "60", "-m", "30", "-addr", "127.0.0.1:0", "-ready", "ready")
	srv.Dir = tmp
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Wait()
	defer cancel()
	for i := 0; ; i++ {
		if b, err := os.ReadFile(filepath.Join(tmp, "ready")); err == nil && len(b) > 0 {
			break
		}
		if i == 600 {
			t.Fatal("the workload server did not start")
		}
		time.Sleep(50 * time.Millisecond)
	}
	var manifest struct {
		UniqueLinks int `json:"unique_links"`
		Total       int `json:"total_items"`
		Dups        int `json:"dup_items_same_link_other_guid"`
	}
	mb, err := os.ReadFile(filepath.Join(tmp, "manifest.json"))
	if err != nil || json.Unmarshal(mb, &manifest) != nil || manifest.Dups == 0 {
		t.Fatalf("manifest: %v %s", err, mb)
	}
	out := filepath.Join(tmp, "public")
	run := exec.Command(bin, "--opml", filepath.Join(tmp, "feeds.opml"), "--db", filepath.Join(tmp, "f.db"), "--out", out, "--max-items", "0", "refresh")
	if b, err := run.CombinedOutput(); err != nil {
		t.Fatalf("refresh: %v\n%s", err, b)
	}
	var feed struct {
		Items []struct {
			URL string `json:"url"`
		} `json:"items"`
	}
	fb, err := os.ReadFile(filepath.Join(out, "all", "feed.json"))
	if err != nil || json.Unmarshal(fb, &feed) != nil {
		t.Fatalf("all/feed.json: %v", err)
	}
	links := map[string]bool{}
	for _, it := range feed.Items {
		if links[strings.TrimSpace(it.URL)] {
			t.Errorf("link %s shown twice", it.URL)
		}
		links[strings.TrimSpace(it.URL)] = true
	}
	t.Logf("%d items (%d re-posts) → %d entries; the workload has %d distinct links", manifest.Total, manifest.Dups, len(feed.Items), manifest.UniqueLinks)
	if len(feed.Items) != manifest.UniqueLinks {
		t.Errorf("all has %d entries, want one per distinct link: %d", len(feed.Items), manifest.UniqueLinks)
	}
}
