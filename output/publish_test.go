package output

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// allFeed merges the test feeds into an "all" output, newest first.
func allFeed() *aggregator.Feed {
	f := &aggregator.Feed{
		Output: aggregator.Output{Kind: aggregator.KindAll, Name: "All", Slug: "all", Description: "Every story from every source."},
		Title:  "Loom — All",
		Owner:  fullFeed().Owner,
	}
	f.Entries = append(f.Entries, fullFeed().Entries...)
	f.Entries = append(f.Entries, ownerlessFeed().Entries...)
	return f
}

// testSite is a site with one output of each kind and an empty one.
func testSite() *Site {
	return &Site{
		Title: "Loom & Co",
		Owner: fullFeed().Owner,
		Feeds: []*aggregator.Feed{allFeed(), fullFeed(), ownerlessFeed(), emptyFeed()},
	}
}

// snapshotFile is a file's bytes and modification time.
type snapshotFile struct {
	data  string
	mtime time.Time
}

// snapshot reads every file under dir.
// sameFiles reports a folder snapshot got that does not hold exactly the
// files of want, byte for byte; what names got in the messages.
func sameFiles(t testing.TB, got, want map[string]snapshotFile, what string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d files, want %d", what, len(got), len(want))
	}
	for path, w := range want {
		if g, ok := got[path]; !ok || g.data != w.data {
			t.Errorf("%s: %s differs", what, path)
		}
	}
}

func snapshot(t testing.TB, dir string) map[string]snapshotFile {
	t.Helper()
	out := map[string]snapshotFile{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = snapshotFile{data: string(data), mtime: info.ModTime()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// ageFiles sets every file's mtime far in the past, so that a rewrite is
// seen as a changed mtime without any timing assumption.
func ageFiles(t *testing.T, dir string) {
	t.Helper()
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for rel := range snapshot(t, dir) {
		if err := os.Chtimes(filepath.Join(dir, rel), old, old); err != nil {
			t.Fatal(err)
		}
	}
}

// mustPublish publishes s into dir and fails the test on error.
func mustPublish(t *testing.T, dir string, s *Site) *Report {
	t.Helper()
	r, err := Publish(context.Background(), dir, s, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sitePaths are the files a publish of testSite writes.
func sitePaths(slugs ...string) []string {
	var out []string
	for _, s := range slugs {
		out = append(out, s+"/rss.xml", s+"/atom.xml", s+"/feed.json", s+"/index.html")
	}
	return append(out, "outputs.opml", "index.html")
}

func TestPublishWritesTheSite(t *testing.T) {
	dir := t.TempDir()
	r := mustPublish(t, dir, testSite())
	want := sitePaths("all", "news-europe", "ukraine-war", "nothing-yet")
	if !slices.Equal(r.Written, want) {
		t.Errorf("written %v, want %v", r.Written, want)
	}
	if want := []string{"all", "news-europe", "ukraine-war", "nothing-yet"}; !slices.Equal(r.ChangedOutputs, want) {
		t.Errorf("changed outputs %v, want %v", r.ChangedOutputs, want)
	}
	got := snapshot(t, dir)
	for _, p := range append(want, manifestFile) {
		if _, ok := got[p]; !ok {
			t.Errorf("%s not written", p)
		}
	}
	if len(got) != len(want)+1 {
		t.Errorf("%d files in the folder, want %d (no temporary files left)", len(got), len(want)+1)
	}
	info, err := os.Stat(filepath.Join(dir, "all", "rss.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != fileMode {
		t.Errorf("mode %v, want %v", info.Mode().Perm(), fileMode)
	}
}

func TestPublishTwiceTouchesNothing(t *testing.T) {
	dir := t.TempDir()
	mustPublish(t, dir, testSite())
	ageFiles(t, dir)
	before := snapshot(t, dir)
	r := mustPublish(t, dir, testSite())
	if len(r.Written) != 0 || len(r.Removed) != 0 || len(r.ChangedOutputs) != 0 {
		t.Errorf("second publish wrote %v, removed %v, changed %v; want nothing", r.Written, r.Removed, r.ChangedOutputs)
	}
	if len(r.Unchanged) != len(sitePaths("a", "b", "c", "d")) {
		t.Errorf("unchanged %d files, want %d", len(r.Unchanged), len(sitePaths("a", "b", "c", "d")))
	}
	after := snapshot(t, dir)
	if len(after) != len(before) {
		t.Fatalf("%d files after, %d before", len(after), len(before))
	}
	for p, b := range before {
		a := after[p]
		if a.data != b.data {
			t.Errorf("%s: bytes changed", p)
		}
		if !a.mtime.Equal(b.mtime) {
			t.Errorf("%s: modification time changed from %v to %v", p, b.mtime, a.mtime)
		}
	}
}

func TestPublishRewritesOnlyChangedOutput(t *testing.T) {
	dir := t.TempDir()
	mustPublish(t, dir, testSite())
	ageFiles(t, dir)
	before := snapshot(t, dir)
	s := testSite()
	s.Feeds[1].Entries[1].Item.Title = "A corrected title"
	r := mustPublish(t, dir, s)
	want := []string{"news-europe/rss.xml", "news-europe/atom.xml", "news-europe/feed.json", "news-europe/index.html"}
	if !slices.Equal(r.Written, want) {
		t.Errorf("written %v, want %v", r.Written, want)
	}
	if !slices.Equal(r.ChangedOutputs, []string{"news-europe"}) {
		t.Errorf("changed outputs %v, want [news-europe]", r.ChangedOutputs)
	}
	for p, a := range snapshot(t, dir) {
		rewritten := slices.Contains(want, p)
		if changed := !a.mtime.Equal(before[p].mtime); changed != rewritten {
			t.Errorf("%s: mtime changed %v, want %v", p, changed, rewritten)
		}
	}
}

func TestPublishRemovesGoneOutputsOnly(t *testing.T) {
	dir := t.TempDir()
	mustPublish(t, dir, testSite())
	stray := []string{"mine.txt", "ukraine-war/notes.txt"}
	for _, p := range stray {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), []byte("user file"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := testSite()
	s.Feeds = s.Feeds[:2] // drop ukraine-war and nothing-yet
	r := mustPublish(t, dir, s)
	wantRemoved := []string{
		"nothing-yet/atom.xml", "nothing-yet/feed.json", "nothing-yet/index.html", "nothing-yet/rss.xml",
		"ukraine-war/atom.xml", "ukraine-war/feed.json", "ukraine-war/index.html", "ukraine-war/rss.xml",
	}
	if !slices.Equal(r.Removed, wantRemoved) {
		t.Errorf("removed %v, want %v", r.Removed, wantRemoved)
	}
	if want := []string{"nothing-yet", "ukraine-war"}; !slices.Equal(r.RemovedOutputs, want) {
		t.Errorf("removed outputs %v, want %v", r.RemovedOutputs, want)
	}
	got := snapshot(t, dir)
	for _, p := range stray {
		if _, ok := got[p]; !ok {
			t.Errorf("user file %s was removed", p)
		}
	}
	for _, p := range wantRemoved {
		if _, ok := got[p]; ok {
			t.Errorf("%s still there", p)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "nothing-yet")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("empty folder of a removed output kept: %v", err)
	}
	if len(got) != len(sitePaths("all", "news-europe"))+len(stray)+1 {
		t.Errorf("files left: %d", len(got))
	}
}

// failingFS fails the n-th WriteFile or Place (counting from 1), like a
// full disk or a crash at that moment.
type failingFS struct {
	osFS
	n, calls int
}

// errInjected is the failure failingFS injects.
var errInjected = errors.New("injected write failure")

// WriteFile implements fileSystem.
func (f *failingFS) WriteFile(name string, data []byte) error {
	f.calls++
	if f.calls == f.n {
		return errInjected
	}
	return f.osFS.WriteFile(name, data)
}

// Place implements fileSystem.
func (f *failingFS) Place(tmp, name string) error {
	f.calls++
	if f.calls == f.n {
		return errInjected
	}
	return f.osFS.Place(tmp, name)
}

func TestPublishInterruptedLeavesPreviousSiteComplete(t *testing.T) {
	v1 := testSite()
	v2 := testSite()
	v2.Title = "Loom v2"
	for _, f := range v2.Feeds {
		f.Title += " v2"
	}
	// one output disappears, one appears
	v2.Feeds = append(v2.Feeds[:3], bigFeed("extra", 3, 100, 9))
	// the manifest of old and new files, 18 files, the final manifest:
	// fail at every step in turn
	for n := 1; n <= 20; n++ {
		t.Run("write "+itoa(n), func(t *testing.T) {
			dir := t.TempDir()
			mustPublish(t, dir, v1)
			old := snapshot(t, dir)
			p := publisher{fs: &failingFS{n: n}}
			_, err := p.publish(context.Background(), dir, v2, testOptions, "")
			if !errors.Is(err, errInjected) {
				t.Fatalf("got error %v, want the injected failure", err)
			}
			if !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not name the path", err)
			}
			newDir := t.TempDir()
			mustPublish(t, newDir, v2)
			fresh := snapshot(t, newDir)
			got := snapshot(t, dir)
			newComplete := true
			for path, f := range fresh {
				newComplete = newComplete && (path == manifestFile || got[path].data == f.data)
			}
			// the manifest covers every file feedloom may have written
			listed, warning := readManifest(osFS{}, dir)
			if warning != "" {
				t.Fatal(warning)
			}
			for path := range got {
				if path != manifestFile && !slices.Contains(listed, path) {
					t.Errorf("%s is not in the manifest", path)
				}
			}
			for path, o := range old {
				if path == manifestFile {
					continue
				}
				g, ok := got[path]
				if !ok {
					// removals come only after every new file is in place
					if _, inNew := fresh[path]; inNew || !newComplete {
						t.Errorf("%s of the previous site is gone", path)
					}
					continue
				}
				if g.data != o.data && g.data != fresh[path].data {
					t.Errorf("%s is neither the old nor the new version", path)
				}
			}
			for path := range got {
				if _, ok := old[path]; !ok && path != manifestFile && got[path].data != fresh[path].data {
					t.Errorf("unexpected or incomplete file %s", path)
				}
			}
			// the next publish completes the job, removals included
			mustPublish(t, dir, v2)
			sameFiles(t, snapshot(t, dir), fresh, "after recovery, against a clean publish")
		})
	}
}

func TestPublishUnwritableFolder(t *testing.T) {
	base := t.TempDir()
	file := filepath.Join(base, "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, dir string }{
		{"folder is a file", file},
		{"parent is a file", filepath.Join(file, "out")},
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(base, "read-only")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, struct{ name, dir string }{"read-only folder", ro})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Publish(context.Background(), c.dir, testSite(), testOptions)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.dir) || !strings.Contains(err.Error(), "writable") && !strings.Contains(err.Error(), "--out") {
				t.Errorf("error %q should name %s and say what to do", err, c.dir)
			}
		})
	}
}

func TestPublishRefusesBadInput(t *testing.T) {
	dup := testSite()
	dup.Feeds = append(dup.Feeds, fullFeed())
	badID := testSite()
	badID.Feeds[1].Entries[1].ID = badID.Feeds[1].Entries[0].ID
	cases := []struct {
		name string
		site *Site
		opts Options
		want string
	}{
		{"nil site", nil, testOptions, "no site"},
		{"duplicate slug", dup, testOptions, "slug"},
		{"duplicate id", badID, testOptions, "share the id"},
		{"no base URL", testSite(), Options{}, "--base-url"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			_, err := Publish(context.Background(), dir, c.site, c.opts)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
			if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("output folder touched before the site rendered: %v", err)
			}
		})
	}
}

func TestPublishCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := Publish(ctx, dir, testSite(), testOptions); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestPublishManifestCannotDeleteOthersFiles(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "out")
	victim := filepath.Join(base, "victim.txt")
	if err := os.WriteFile(victim, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustPublish(t, dir, testSite())
	cases := []struct {
		name     string
		manifest string
		warn     bool
	}{
		{"escaping paths", `{"version":1,"files":["../victim.txt","` + victim + `","all/../../victim.txt","` + manifestFile + `"]}`, false},
		{"corrupt", `{"version":1,"files":[`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, manifestFile), []byte(c.manifest), 0o644); err != nil {
				t.Fatal(err)
			}
			r := mustPublish(t, dir, testSite())
			if _, err := os.Stat(victim); err != nil {
				t.Fatalf("file outside the output folder removed: %v", err)
			}
			if len(r.Removed) != 0 {
				t.Errorf("removed %v", r.Removed)
			}
			if (len(r.Warnings) > 0) != c.warn {
				t.Errorf("warnings %v, want some: %v", r.Warnings, c.warn)
			}
			// the manifest is repaired
			data, err := os.ReadFile(filepath.Join(dir, manifestFile))
			if err != nil || strings.Contains(string(data), "victim") {
				t.Errorf("manifest not rewritten: %s %v", data, err)
			}
		})
	}
}

func TestWriteFileFailureLeavesTargetAndNoTemp(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "index.html")
	// a non-empty folder where the file should go: the rename must fail
	if err := os.MkdirAll(filepath.Join(target, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := (osFS{}).WriteFile(target, []byte("new")); err == nil {
		t.Fatal("no error writing over a folder")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "index.html" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want only the untouched index.html folder", names)
	}
}

// TestInterruptedPublishFilesAreTracked checks that files written by a
// publish that failed midway are in the manifest, so that a later publish
// that no longer has their output removes them.
func TestInterruptedPublishFilesAreTracked(t *testing.T) {
	dir := t.TempDir()
	v1 := testSite()
	mustPublish(t, dir, v1)
	v2 := testSite()
	v2.Feeds = append(v2.Feeds, bigFeed("extra", 3, 100, 9))
	// the union manifest, then the four files of "extra" (the others are
	// unchanged), then fail on the OPML
	p := publisher{fs: &failingFS{n: 6}}
	if _, err := p.publish(context.Background(), dir, v2, testOptions, ""); !errors.Is(err, errInjected) {
		t.Fatalf("got %v, want the injected failure", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "extra", "rss.xml")); err != nil {
		t.Fatalf("the new output was not written before the failure: %v", err)
	}
	r := mustPublish(t, dir, v1)
	if want := []string{"extra"}; !slices.Equal(r.RemovedOutputs, want) {
		t.Errorf("removed outputs %v, want %v", r.RemovedOutputs, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "extra")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("files of the interrupted publish left behind: %v", err)
	}
}

// TestPublishRemovesLeftoverTempFiles: a publish killed midway leaves its
// temporary files; the next publish removes them, and only them.
func TestPublishRemovesLeftoverTempFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustPublish(t, dir, testSite())
	leftovers := []string{".rss.xml.tmp-123456", "all/.atom.xml.tmp-987654321", "all/.index.html.tmp-42"}
	for _, l := range leftovers {
		if err := os.WriteFile(filepath.Join(dir, l), []byte("half a document"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	deep := filepath.Join(dir, "all", "attic", ".old.xml.tmp-777") // below where feedloom writes
	if err := os.MkdirAll(filepath.Dir(deep), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(deep, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "all", ".notes.tmp-draft") // not a name feedloom makes
	if err := os.WriteFile(mine, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustPublish(t, dir, testSite())
	for _, l := range leftovers {
		if _, err := os.Stat(filepath.Join(dir, l)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there after a publish (%v)", l, err)
		}
	}
	for _, keep := range []string{mine, deep} {
		if _, err := os.Stat(keep); err != nil {
			t.Errorf("a file feedloom did not write was removed: %v", err)
		}
	}
}

// TestPublishesTakeTurns: while one publish holds the folder, another
// waits (and gives up when its context ends) instead of writing beside it.
func TestPublishesTakeTurns(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	release, err := lockOutput(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if !haveLocks {
		release()
		t.Skip("no advisory locks on this system")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := Publish(ctx, dir, testSite(), testOptions); err == nil || !strings.Contains(err.Error(), "another feedloom is publishing") {
		t.Fatalf("publish while the folder is locked: %v", err)
	}
	release()
	mustPublish(t, dir, testSite())
}
