package output

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/feedloom/feedloom/aggregator"
)

// Site is everything one publish writes: the collection's title and owner
// and its outputs, in the order the index lists them.
type Site struct {
	Title string
	Owner aggregator.Person
	Feeds []*aggregator.Feed
	// Health, when set, is published as health.html and linked from
	// every page.
	Health *Health
}

// Report says what a publish did. Paths are slash-separated and relative
// to the output folder; the manifest is bookkeeping and not listed.
type Report struct {
	// Outputs is the number of outputs published; Skipped is set when
	// PublishContent found the folder up to date and wrote nothing.
	Outputs   int
	Skipped   bool
	Written   []string // files created or replaced
	Unchanged []string // files whose bytes were already right (not touched)
	Removed   []string // files of outputs that no longer exist
	// ChangedOutputs are the slugs of outputs whose feed documents were
	// written (new or changed); RemovedOutputs those whose files were
	// removed.
	ChangedOutputs []string
	RemovedOutputs []string
	// Pinged are the document URLs the WebSub hub accepted; PingErrors the
	// pings that failed. A failed ping does not fail the publish.
	Pinged     []string
	PingErrors []error
	// Warnings are problems that did not stop the publish.
	Warnings []string
}

// file is one rendered file, in memory, before anything is written.
type file struct {
	path string // slash-separated, relative to the output folder
	data []byte
	slug string // the output it belongs to, "" for site-wide files
	feed bool   // an RSS, Atom or JSON document (pinged, counts as a change)
}

// Publish renders s completely into memory, then writes it into dir:
// <slug>/rss.xml, atom.xml, feed.json and index.html for every output,
// plus index.html, outputs.opml and the manifest at the top. Each file is
// replaced atomically and only when its bytes differ; files the previous
// manifest lists that s no longer has are removed afterwards. A failure
// midway leaves every file either as it was or fully replaced. With a hub
// set, changed documents are announced to it.
//
// Two publishes into one folder take turns (a lock file in it), and each
// first removes the temporary files an earlier, killed publish left.
//
// dir may also be a bucket URL (see IsBucketURL): each file becomes an
// object with its Content-Type and Cache-Control, written whole.
func Publish(ctx context.Context, dir string, s *Site, o Options) (*Report, error) {
	p, dir, done, err := target(ctx, dir, o)
	if err != nil {
		return nil, err
	}
	defer done()
	return p.publish(ctx, dir, s, o, "")
}

// publisher publishes through a fileSystem.
type publisher struct {
	fs fileSystem
	// claim, when set, is called once the folder exists and before
	// anything is written; the release it returns runs at the end.
	claim func(ctx context.Context, dir string) (release func(), err error)
}

// publish implements Publish.
// A publish that completes records stamp in the manifest.
func (p publisher) publish(ctx context.Context, dir string, s *Site, o Options, stamp string) (*Report, error) {
	files, err := renderSite(s, o)
	if err != nil {
		return nil, fmt.Errorf("render site: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := p.fs.MkdirAll(dir); err != nil {
		return nil, fmt.Errorf("create output folder %s: %w: choose a folder this user can create and write (--out)", dir, err)
	}
	if p.claim != nil {
		release, err := p.claim(ctx, dir)
		if err != nil {
			return nil, err
		}
		defer release()
	}
	r := &Report{Outputs: len(s.Feeds)}
	old, oldStamp, warning := readManifestStamp(p.fs, dir)
	if warning != "" {
		r.Warnings = append(r.Warnings, warning)
	}
	paths := make([]string, 0, len(files))
	for _, f := range files {
		paths = append(paths, f.path)
	}
	// Record the new files before writing them, so that a publish that
	// stops midway still knows, next time, every file it may have left.
	// The stamp is cleared until the publish completes.
	if err := p.writeManifest(dir, old, oldStamp, append(slices.Clone(old), paths...), ""); err != nil {
		return r, err
	}
	changed := map[string]bool{}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return r, fmt.Errorf("publish to %s stopped: %w", dir, err)
		}
		wrote, err := p.writeIfChanged(dir, f.path, f.data)
		if err != nil {
			return r, err
		}
		if !wrote {
			r.Unchanged = append(r.Unchanged, f.path)
			continue
		}
		r.Written = append(r.Written, f.path)
		if f.feed && !changed[f.slug] {
			changed[f.slug] = true
			r.ChangedOutputs = append(r.ChangedOutputs, f.slug)
		}
	}
	kept, removeErr := p.removeStale(dir, old, paths, r)
	if removeErr != nil {
		stamp = ""
	}
	if err := p.writeManifest(dir, nil, "", append(paths, kept...), stamp); err != nil {
		return r, err
	}
	if removeErr != nil {
		return r, removeErr
	}
	p.ping(ctx, files, r, o)
	return r, nil
}

// renderSite renders every file of s into memory, in the order they are
// written: each output's documents, then the pages that link to them.
func renderSite(s *Site, o Options) ([]file, error) {
	if s == nil {
		return nil, errors.New("no site to publish")
	}
	views := make([]*feedView, 0, len(s.Feeds))
	slugs := map[string]bool{}
	for _, f := range s.Feeds {
		v, err := prepare(f, o)
		if err != nil {
			return nil, err
		}
		if slugs[v.Slug] {
			return nil, fmt.Errorf("two outputs have the slug %q: every output needs its own folder", v.Slug)
		}
		slugs[v.Slug] = true
		views = append(views, v)
	}
	// The outputs render independently, on every core; their files keep
	// the order of the views.
	perView := make([][]file, len(views))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, v := range views {
		g.Go(func() error {
			fs, err := renderOutput(s, v, o)
			perView[i] = fs
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var files []file
	for _, fs := range perView {
		files = append(files, fs...)
	}
	opml, err := renderOPML(s, views)
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", opmlFile, err)
	}
	index, err := renderIndex(s, views, plain(o.Generator))
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", htmlFile, err)
	}
	files = append(files, file{path: opmlFile, data: opml}, file{path: htmlFile, data: index})
	if s.Health != nil {
		health, err := renderHealth(s, plain(o.Generator))
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", healthFile, err)
		}
		files = append(files, file{path: healthFile, data: health})
	}
	return files, nil
}

// renderOutput renders one output's three feeds and its page.
func renderOutput(s *Site, v *feedView, o Options) ([]file, error) {
	files := make([]file, 0, 4)
	for _, r := range []struct {
		name   string
		render func(*feedView) ([]byte, error)
	}{{rssFile, renderRSS}, {atomFile, renderAtom}, {jsonFile, renderJSON}} {
		data, err := r.render(v)
		if err != nil {
			return nil, fmt.Errorf("render %s/%s: %w", v.Slug, r.name, err)
		}
		files = append(files, file{path: v.Slug + "/" + r.name, data: data, slug: v.Slug, feed: true})
	}
	data, err := renderOutputPage(s, v, plain(o.Generator))
	if err != nil {
		return nil, fmt.Errorf("render %s/%s: %w", v.Slug, htmlFile, err)
	}
	files = append(files, file{path: v.Slug + "/" + htmlFile, data: data, slug: v.Slug})
	if len(v.Archive) > 0 {
		data, err := renderArchive(s, v, plain(o.Generator))
		if err != nil {
			return nil, fmt.Errorf("render %s/%s: %w", v.Slug, archiveFile, err)
		}
		files = append(files, file{path: v.Slug + "/" + archiveFile, data: data, slug: v.Slug})
	}
	return files, nil
}

// writeIfChanged writes data to dir/rel unless the file already holds
// exactly those bytes; it reports whether it wrote.
func (p publisher) writeIfChanged(dir, rel string, data []byte) (bool, error) {
	name := filepath.Join(dir, filepath.FromSlash(rel))
	if cur, err := p.fs.ReadFile(name); err == nil && bytes.Equal(cur, data) {
		return false, nil
	}
	if sub := filepath.Dir(name); sub != filepath.Clean(dir) {
		if err := p.fs.MkdirAll(sub); err != nil {
			return false, fmt.Errorf("create folder %s: %w: check that the output folder is writable by this user", sub, err)
		}
	}
	if err := p.fs.WriteFile(name, data); err != nil {
		return false, fmt.Errorf("write %s: %w: check that the output folder is writable and the disk not full; files already published are intact", name, err)
	}
	return true, nil
}

// writeManifest records files and stamp as the manifest, unless it
// already says exactly that (prev and prevStamp, when known, are what it
// says).
func (p publisher) writeManifest(dir string, prev []string, prevStamp string, files []string, stamp string) error {
	data, err := encodeManifest(files, stamp)
	if err != nil {
		return err
	}
	if prev != nil {
		if cur, err := encodeManifest(prev, prevStamp); err == nil && bytes.Equal(cur, data) {
			return nil
		}
	}
	_, err = p.writeIfChanged(dir, manifestFile, data)
	return err
}

// removeStale removes the files the previous manifest lists that this
// publish did not write, and then their folders when empty (a folder that
// still holds a user's file stays). It returns the files it could not
// remove, which stay in the manifest so the next publish tries again.
func (p publisher) removeStale(dir string, old, current []string, r *Report) (kept []string, err error) {
	var errs []error
	now := make(map[string]bool, len(current))
	live := map[string]bool{} // folders that still hold current files
	for _, rel := range current {
		now[rel] = true
		if folder, _, ok := strings.Cut(rel, "/"); ok {
			live[folder] = true
		}
	}
	folders := map[string]bool{}
	for _, rel := range old {
		if now[rel] {
			continue
		}
		name := filepath.Join(dir, filepath.FromSlash(rel))
		if err := p.fs.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("remove %s: %w: remove it by hand or fix its permissions", name, err))
			kept = append(kept, rel)
			continue
		}
		r.Removed = append(r.Removed, rel)
		if folder, _, ok := strings.Cut(rel, "/"); ok {
			folders[folder] = true
		}
	}
	for _, folder := range slices.Sorted(maps.Keys(folders)) {
		if !live[folder] {
			r.RemovedOutputs = append(r.RemovedOutputs, folder)
			_ = p.fs.Remove(filepath.Join(dir, folder)) // fails, harmlessly, unless empty
		}
	}
	return kept, errors.Join(errs...)
}

// documentURL is the public URL of a published file.
func documentURL(base, rel string) string {
	return base + path.Clean(rel)
}
