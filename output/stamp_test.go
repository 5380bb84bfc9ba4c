package output

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// notRenderers are the package's files that decide how and when files are
// written, not what they hold. Every other non-test file is a renderer.
var notRenderers = []string{"bucket.go", "bucket_azblob.go", "bucket_gs.go", "batches.go", "doc.go", "fanout.go", "fsys.go", "lock_other.go", "lock_unix.go", "manifest.go", "publish.go", "shared.go", "stage.go", "stamp.go", "tempfiles.go", "websub.go"}

// rendererSources digests what the renderers are: the templates and the
// code of every renderer file with its comments left out, so that a change
// to either, and nothing else, asks for a new renderVersion.
func rendererSources(t *testing.T) string {
	t.Helper()
	h := sha256.New()
	tmpls, err := filepath.Glob(filepath.Join("templates", "*"))
	if err != nil || len(tmpls) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	gos, _ := filepath.Glob("*.go")
	slices.Sort(tmpls)
	slices.Sort(gos)
	for _, name := range tmpls {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(filepath.ToSlash(name) + "\x00"))
		h.Write(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")))
	}
	fset := token.NewFileSet()
	for _, name := range gos {
		if strings.HasSuffix(name, "_test.go") || slices.Contains(notRenderers, name) {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution) // no comments
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := printer.Fprint(&b, fset, f); err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(name + "\x00"))
		h.Write(b.Bytes())
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// TestRenderVersionFollowsTheRenderers keeps renderVersion honest: a
// change to a template or renderer must come with a new version, or
// folders published before it would be skipped as up to date.
func TestRenderVersionFollowsTheRenderers(t *testing.T) {
	if got := rendererSources(t); got != rendererDigest {
		t.Errorf("the templates or renderers changed since renderVersion %d: in stamp.go set renderVersion = %d and rendererDigest = %q", renderVersion, renderVersion+1, got)
	}
}

// fixedContent is a Content whose stamp, site and health the test sets.
type fixedContent struct {
	stamp  string
	site   *Site
	health *Health
	sites  int // Site calls
}

func (c *fixedContent) Health(context.Context) (*Health, error) { return c.health, nil }

func (c *fixedContent) Stamp(context.Context) (string, error) { return c.stamp, nil }
func (c *fixedContent) Site(context.Context) (*Site, error) {
	c.sites++
	return c.site, nil
}

func TestPublishContentSkipsWhatIsUpToDate(t *testing.T) {
	dir := t.TempDir()
	c := &fixedContent{stamp: "gen 1", site: testSite()}
	ctx := context.Background()
	first, err := PublishContent(ctx, dir, c, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	if first.Skipped || len(first.Written) == 0 || first.Outputs != len(c.site.Feeds) {
		t.Fatalf("first publish: skipped %v, %d written, %d outputs", first.Skipped, len(first.Written), first.Outputs)
	}
	again, err := PublishContent(ctx, dir, c, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Skipped || c.sites != 1 || len(again.Unchanged) != len(first.Written) || again.Outputs != first.Outputs {
		t.Errorf("unchanged publish: skipped %v after %d selections, %d unchanged of %d, %d outputs", again.Skipped, c.sites, len(again.Unchanged), len(first.Written), again.Outputs)
	}
	// Anything that changes the bytes renders again: the content, any
	// option that shows in the documents, a missing file, Force.
	changes := map[string]func() (*fixedContent, Options){
		"content": func() (*fixedContent, Options) { return &fixedContent{stamp: "gen 2", site: c.site}, testOptions },
		"base URL": func() (*fixedContent, Options) {
			o := testOptions
			o.BaseURL = "https://elsewhere.example/"
			return c, o
		},
		"generator": func() (*fixedContent, Options) { o := testOptions; o.Generator = "feedloom/9"; return c, o },
		"hub":       func() (*fixedContent, Options) { o := testOptions; o.WebSubHub = "http://127.0.0.1:1/"; return c, o },
		"force":     func() (*fixedContent, Options) { o := testOptions; o.Force = true; return c, o },
		"no stamp":  func() (*fixedContent, Options) { return &fixedContent{site: c.site}, testOptions },
	}
	for name, change := range changes {
		cc, o := change()
		sites := cc.sites
		rep, err := PublishContent(ctx, dir, cc, o)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if rep.Skipped || cc.sites != sites+1 {
			t.Errorf("%s: skipped %v, want a render", name, rep.Skipped)
		}
		// Put the folder back to the first publish's stamp.
		back := testOptions
		back.Force = true
		if _, err := PublishContent(ctx, dir, c, back); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(filepath.Join(dir, first.Written[0])); err != nil {
		t.Fatal(err)
	}
	if rep, err := PublishContent(ctx, dir, c, testOptions); err != nil || rep.Skipped {
		t.Errorf("after a file went missing: skipped %v, %v; want a render", rep.Skipped, err)
	}
}

// TestHealthPageFollowsEveryRefresh: the health page is written even when
// the outputs are up to date (the sources' states change with every
// poll), and only it; every page links it.
func TestHealthPageFollowsEveryRefresh(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	at := func(h int) time.Time { return time.Date(2026, 3, 1, h, 0, 0, 0, time.UTC) }
	c := &fixedContent{stamp: "gen 1", site: testSite(), health: &Health{SiteTitle: "Loom & Co", Refreshed: at(8), Sources: []SourceHealth{
		{Name: "Harbour & Gazette", URL: "https://harbour.example/rss", SiteURL: "https://harbour.example/", Kind: "ok", State: "ok", LastSuccess: at(8), HTTP: 200, Items: 12, Next: "in 30m"},
		{Name: "Valley", URL: "https://valley.example/rss", Kind: "failing", State: "FAILING 2h (3×)", HTTP: 503, Next: "in 1h", Problem: "server error: 503"},
	}}}
	first, err := PublishContent(ctx, dir, c, testOptions)
	if err != nil || !slices.Contains(first.Written, healthFile) {
		t.Fatalf("first publish wrote %v, %v", first.Written, err)
	}
	page, _ := os.ReadFile(filepath.Join(dir, healthFile))
	for _, want := range []string{"last refreshed <time datetime=\"2026-03-01T08:00:00Z\">1 Mar 2026, 08:00 UTC</time>", "Harbour &amp; Gazette", "FAILING 2h (3×)", "server error: 503", "1 ok, 1 failing"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("health page lacks %q", want)
		}
	}
	for _, p := range []string{htmlFile, "all/" + htmlFile} {
		b, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if !strings.Contains(string(b), `href="`+map[string]string{htmlFile: "", "all/" + htmlFile: "../"}[p]+healthFile+`"`) {
			t.Errorf("%s does not link the health page", p)
		}
	}
	c.health.Refreshed = at(9)
	again, err := PublishContent(ctx, dir, c, testOptions)
	if err != nil || !again.Skipped || !slices.Equal(again.Written, []string{healthFile}) || c.sites != 1 {
		t.Errorf("a refresh that changed no item: skipped %v, wrote %v (%v), selected %d times", again.Skipped, again.Written, err, c.sites)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, healthFile)); !strings.Contains(string(b), "09:00 UTC") {
		t.Error("the health page was not rewritten")
	}
}

// racingContent is a store another process commits to while a publish
// selects: each Site call returns the content of the generation it saw,
// and the commits named in commitsDuring land between selecting and the
// stamp read that follows.
type racingContent struct {
	gen           int
	sites         int
	commitsDuring map[int]int // Site call → commits that land during it
}

func (c *racingContent) Health(context.Context) (*Health, error) { return nil, nil }
func (c *racingContent) Stamp(context.Context) (string, error) {
	return fmt.Sprintf("gen %d", c.gen), nil
}
func (c *racingContent) Site(context.Context) (*Site, error) {
	c.sites++
	s := testSite()
	s.Title = fmt.Sprintf("as of gen %d", c.gen)
	c.gen += c.commitsDuring[c.sites]
	return s, nil
}

// TestStampNeverClaimsMoreThanTheContent: a commit that lands while a
// publish selects must not be covered by the stamp it writes, or the next
// publish skips it (three refreshers on one PostgreSQL store lost stories
// from their outputs this way).
func TestStampNeverClaimsMoreThanTheContent(t *testing.T) {
	for name, tt := range map[string]struct {
		commits map[int]int
		sites   int
	}{
		"one commit during the select": {map[int]int{1: 1}, 2},
		"commits during every select":  {map[int]int{1: 1, 2: 1, 3: 1, 4: 1}, 3},
		"nothing changes":              {nil, 1},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			c := &racingContent{gen: 1, commitsDuring: tt.commits}
			if _, err := PublishContent(context.Background(), dir, c, testOptions); err != nil {
				t.Fatal(err)
			}
			if c.sites != tt.sites {
				t.Errorf("selected %d times, want %d", c.sites, tt.sites)
			}
			// The next publish, with nothing more committed, must render
			// unless what was published already holds the latest commit.
			c.commitsDuring = nil
			published, _ := os.ReadFile(filepath.Join(dir, "index.html"))
			rep, err := PublishContent(context.Background(), dir, c, testOptions)
			if err != nil {
				t.Fatal(err)
			}
			current := strings.Contains(string(published), fmt.Sprintf("as of gen %d", c.gen))
			if rep.Skipped && !current {
				t.Errorf("the next publish skipped, but the folder shows %q, not gen %d", firstLine(published), c.gen)
			}
		})
	}
}

func firstLine(b []byte) string {
	if i := bytes.Index(b, []byte("as of gen")); i >= 0 {
		return string(b[i : i+len("as of gen 1")])
	}
	return ""
}
