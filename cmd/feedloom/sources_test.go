package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestSourcesAddListRemove(t *testing.T) {
	f := newFarm(t)
	f.set(func(f *farm) {
		f.pages["/blog/"] = `<!doctype html><html><head><title>Blog</title>
<link rel="alternate" type="application/rss+xml" title="Posts" href="/f/posts">
<link rel="alternate" type="application/atom+xml" title="Comments" href="/f/comments">
</head><body>Hello</body></html>`
		f.pages["/plain/"] = `<html><body>no links</body></html>`
	})
	e := newE2E(t, farmOPML(f, 1, "<!-- my comment -->\n"))
	orig, _ := os.ReadFile(e.opml)

	code, stdout, stderr := e.run("sources", "add", f.URL+"/blog/", "--category", "Farm")
	if code != exitOK {
		t.Fatalf("sources add = %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, f.URL+"/f/posts") || !strings.Contains(stdout, "2. "+f.URL+"/f/comments (Comments)") {
		t.Errorf("sources add said %q; want the chosen feed and the other one listed", stdout)
	}
	added, _ := os.ReadFile(e.opml)
	line := `  <outline type="rss" text="Feed posts" title="Feed posts" xmlUrl="` + f.URL + `/f/posts" htmlUrl="http://site.test/posts"/>` + "\n"
	// Inserted as the last line of the Farm folder; nothing else changed.
	if want := bytes.Replace(orig, []byte("</outline>\n<!-- my"), []byte(line+"</outline>\n<!-- my"), 1); !bytes.Equal(added, want) {
		t.Errorf("OPML after add:\n%s\nwant:\n%s", added, want)
	}
	if bak, _ := os.ReadFile(e.opml + ".bak"); !bytes.Equal(bak, orig) {
		t.Error("no backup of the original file")
	}

	// Duplicates are refused, by URL or by the page that leads to it.
	for _, dup := range []string{f.URL + "/f/posts", strings.Replace(f.URL, "http://", "https://", 1) + "/f/posts", f.URL + "/blog/"} {
		code, _, stderr := e.run("sources", "add", dup)
		if code != exitConfig || !strings.Contains(stderr, "already listed") {
			t.Errorf("sources add %s = %d, %q; want 2, already listed", dup, code, stderr)
		}
	}
	// --pick, --title and a new folder.
	if code, _, stderr := e.run("sources", "add", f.URL+"/blog/", "--pick", "2", "--title", "Talk", "--category", "Blogs/Comments"); code != exitOK {
		t.Fatalf("sources add --pick 2 = %d: %s", code, stderr)
	}
	// A page without feeds fails and changes nothing.
	before, _ := os.ReadFile(e.opml)
	code, _, stderr = e.run("sources", "add", f.URL+"/plain/")
	if code != exitFatal || !strings.Contains(stderr, "no feed found") {
		t.Errorf("sources add of a page with no feed = %d, %q", code, stderr)
	}
	if after, _ := os.ReadFile(e.opml); !bytes.Equal(after, before) {
		t.Error("a failed add changed the OPML")
	}

	code, stdout, _ = e.run("sources", "list", "--json")
	var rows []struct {
		URL        string   `json:"url"`
		Title      string   `json:"title"`
		Categories []string `json:"categories"`
	}
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil || code != exitOK {
		t.Fatalf("sources list --json = %d, %v: %s", code, err, stdout)
	}
	if len(rows) != 3 || rows[2].Title != "Talk" || strings.Join(rows[2].Categories, ",") != "Blogs,Blogs/Comments" {
		t.Errorf("sources list: %+v", rows)
	}
	if _, table, _ := e.run("sources", "list"); !strings.Contains(table, "TITLE") || !strings.Contains(table, "Feed posts") {
		t.Errorf("sources list table:\n%s", table)
	}

	// Removing both brings the file back, byte for byte, but for the
	// folder that was created.
	if code, _, stderr := e.run("sources", "remove", f.URL+"/f/posts"); code != exitOK {
		t.Fatalf("sources remove = %d: %s", code, stderr)
	}
	if now, _ := os.ReadFile(e.opml); bytes.Contains(now, []byte("/f/posts")) || !bytes.Contains(now, []byte("/f/comments")) {
		t.Errorf("removed the wrong source:\n%s", now)
	}
	if code, _, stderr := e.run("sources", "remove", f.URL+"/f/comments"); code != exitOK {
		t.Fatalf("sources remove = %d: %s", code, stderr)
	}
	want := bytes.Replace(orig, []byte("</body>"), []byte("<outline text=\"Blogs\" title=\"Blogs\">\n  <outline text=\"Comments\" title=\"Comments\">\n  </outline>\n</outline>\n</body>"), 1)
	if now, _ := os.ReadFile(e.opml); !bytes.Equal(now, want) {
		t.Errorf("after removing both:\n%s\nwant:\n%s", now, want)
	}
	if code, _, stderr := e.run("sources", "remove", f.URL+"/f/posts"); code != exitConfig || !strings.Contains(stderr, "not a source") {
		t.Errorf("removing again = %d, %q", code, stderr)
	}
}
