package output

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
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

// Publish renders s into dir: <slug>/rss.xml, atom.xml, feed.json and
// index.html for every output, plus index.html, outputs.opml and the
// manifest at the top. Every file is first rendered into a temporary file,
// its entries streamed from s's feeds as they are read, so that an output
// of any size takes bounded memory; only when all are rendered does each
// replace its target, atomically and only when its bytes differ; files the
// previous manifest lists that s no longer has are removed afterwards. A
// failure midway leaves every file either as it was or fully replaced. With a hub
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
	views, err := scanSite(ctx, s, o)
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
	st, err := newStage(p.fs, dir)
	if err != nil {
		return nil, err
	}
	defer st.cleanup()
	if err := renderSite(ctx, st, s, views, o); err != nil {
		return nil, fmt.Errorf("render site: %w", err)
	}
	files := st.files
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
	for i := range files {
		f := &files[i]
		if err := ctx.Err(); err != nil {
			return r, fmt.Errorf("publish to %s stopped: %w", dir, err)
		}
		wrote, err := st.place(f)
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

// scanSite checks every output of s and builds its view (see scan), before
// anything is written: bad input is refused with the folder untouched. The
// outputs are scanned on every core; those rendered in one walk are
// checked as they render, and a failure there leaves the folder untouched
// too (nothing is placed until every file is rendered).
func scanSite(ctx context.Context, s *Site, o Options) ([]*feedView, error) {
	if s == nil {
		return nil, errors.New("no site to publish")
	}
	views := make([]*feedView, 0, len(s.Feeds))
	slugs := map[string]bool{}
	for _, f := range s.Feeds {
		v, err := prepareHeader(f, o)
		if err != nil {
			return nil, err
		}
		if slugs[v.Slug] {
			return nil, fmt.Errorf("two outputs have the slug %q: every output needs its own folder", v.Slug)
		}
		slugs[v.Slug] = true
		views = append(views, v)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, v := range views {
		if v.feed.Source != nil && newMemo(v.feed) == nil {
			// An output read from the store that is too large to keep
			// between two walks is rendered in one (see renderOutput):
			// a walk decodes every entry, which costs more than copying
			// the rendered entries once.
			v.onePass = true
			continue
		}
		g.Go(func() error {
			scanned, err := scan(gctx, v.feed, o)
			if err == nil {
				*v = *scanned
			}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return views, nil
}

// renderSite renders every file of s into st, in the order they are
// placed: each output's documents, then the pages that link to them. The
// outputs render independently, on every core, each reading its entries
// once more (scanSite read them for the facts its headers need) or, when
// too large to keep, for the first time (see renderOutput); those of them
// whose feeds share a walk render together from it (renderShared). Their
// files keep the order of the views.
func renderSite(ctx context.Context, st *stage, s *Site, views []*feedView, o Options) error {
	perView := make([]*stage, len(views))
	for i := range views {
		perView[i] = &stage{fs: st.fs, dir: st.dir, private: st.private}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	groups, grouped := sharedGroups(views)
	for _, grp := range groups {
		g.Go(func() error {
			return renderShared(gctx, grp, views, perView, s, o)
		})
	}
	for i, v := range views {
		if grouped[i] {
			continue
		}
		g.Go(func() error {
			return renderOutput(gctx, perView[i], s, v, o)
		})
	}
	err := g.Wait()
	for _, sub := range perView {
		st.files = append(st.files, sub.files...)
	}
	if err != nil {
		return err
	}
	opml, err := renderOPML(s, views)
	if err != nil {
		return fmt.Errorf("render %s: %w", opmlFile, err)
	}
	index, err := renderIndex(s, views, plain(o.Generator))
	if err != nil {
		return fmt.Errorf("render %s: %w", htmlFile, err)
	}
	if err := st.add(opmlFile, opml); err != nil {
		return err
	}
	if err := st.add(htmlFile, index); err != nil {
		return err
	}
	if s.Health != nil {
		health, err := renderHealth(s, plain(o.Generator))
		if err != nil {
			return fmt.Errorf("render %s: %w", healthFile, err)
		}
		return st.add(healthFile, health)
	}
	return nil
}

// renderOutput renders one output's three feeds, its page and its archive
// page in one walk over its entries, each entry prepared once and written
// to every document as it is read.
//
// An output whose facts are not known yet (onePass) finds them in that
// walk: its entries go to files of their own, and each document is
// written once the walk is over, its head, then its entries copied from
// that file, then its tail.
func renderOutput(ctx context.Context, st *stage, s *Site, v *feedView, o Options) error {
	generator := plain(o.Generator)
	docs := []*outputDoc{
		{name: rssFile, feed: true, w: newRSSWriter(nil)},
		{name: atomFile, feed: true, w: newAtomWriter(nil)},
		{name: jsonFile, feed: true, w: newJSONWriter(nil)},
		{name: htmlFile, w: newOutputPageWriter(nil, s, generator)},
	}
	archiveW := newArchiveWriter(nil, s, generator)
	archive := &outputDoc{name: archiveFile, w: archiveW}
	defer func() {
		for _, d := range append(docs, archive) {
			d.abort()
		}
	}()
	for _, d := range docs {
		if err := d.begin(st, v); err != nil {
			return err
		}
	}
	var fs *facts
	if v.onePass {
		fs = newFacts(v)
	}
	var archived func(*itemCard) error // nil: no headline is read
	if v.onePass || v.Older > 0 {
		archived = func(c *itemCard) error {
			if fs != nil {
				fs.headline()
			}
			if !archive.begun() {
				if err := archive.begin(st, v); err != nil {
					return err
				}
			}
			return archiveW.card(c)
		}
	}
	walk := func(ctx context.Context, emit func(*entryView) error) error {
		err := walkEntries(ctx, v, func(e *entryView) error {
			if fs != nil {
				if err := fs.entry(e); err != nil {
					return err
				}
			}
			return emit(e)
		}, archived)
		if err == nil && fs != nil {
			fs.done()
		}
		return err
	}
	err := fanOut(ctx, v, docs, walk, func(d *outputDoc) error { return d.complete(st, v) })
	for _, d := range docs {
		if d.out != nil && d.out.closed {
			st.staged(d.out) // on failure too: the publish's cleanup removes it
		}
	}
	if err != nil {
		return err
	}
	if archive.begun() {
		if err := archive.complete(st, v); err != nil {
			return err
		}
		st.staged(archive.out)
	}
	return nil
}

// outputDoc is one document of an output being rendered: into its file
// (out), or, in one pass, its entries into a file of their own (body)
// until the walk has found the facts its head needs.
type outputDoc struct {
	name string
	feed bool
	w    docWriter
	out  *pending
	body *pending
}

// begun reports whether begin has run.
func (d *outputDoc) begun() bool { return d.out != nil || d.body != nil }

// begin opens d's file and writes its head, or opens its entries' file in
// one pass.
func (d *outputDoc) begin(st *stage, v *feedView) error {
	p, err := st.open(v.Slug+"/"+d.name, v.Slug, d.feed)
	if err != nil {
		return err
	}
	d.w.to(p.w)
	if v.onePass {
		d.body = p
		return nil
	}
	d.out = p
	if err := d.w.head(v); err != nil {
		return fmt.Errorf("render %s/%s: %w", v.Slug, d.name, err)
	}
	return nil
}

// complete writes d's tail once every entry is written, and closes its
// file, ready to stage. In one pass it first opens d's file and writes the
// head, then the entries waiting in the body file, copied file to file (by
// the kernel where it can), and removes that file. The documents of an
// output complete on goroutines of their own: complete only opens and
// completes files of st, which is safe to do at once.
func (d *outputDoc) complete(st *stage, v *feedView) error {
	rel := v.Slug + "/" + d.name
	if d.body != nil {
		if err := d.body.w.Flush(); err != nil {
			return fmt.Errorf("write %s: %w: check that the disk is not full", d.body.tmp, err)
		}
		p, err := st.open(rel, v.Slug, d.feed)
		if err != nil {
			return err
		}
		d.out = p
		d.w.to(p.w)
		if err := d.w.head(v); err != nil {
			return fmt.Errorf("render %s: %w", rel, err)
		}
		if err := p.w.Flush(); err != nil {
			return fmt.Errorf("write %s: %w: check that the disk is not full", p.tmp, err)
		}
		if _, err := d.body.f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("read back %s: %w: check that the output folder's disk is healthy", d.body.tmp, err)
		}
		if _, err := io.Copy(p.f, d.body.f); err != nil {
			return fmt.Errorf("write %s: %w: check that the disk is not full", p.tmp, err)
		}
		d.body.abort()
	}
	if err := d.w.tail(); err != nil {
		return fmt.Errorf("render %s: %w", rel, err)
	}
	return st.complete(d.out)
}

// abort removes d's temporary files unless they were finished.
func (d *outputDoc) abort() {
	for _, p := range []*pending{d.out, d.body} {
		if p != nil {
			p.abort() // does nothing once finished
		}
	}
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
