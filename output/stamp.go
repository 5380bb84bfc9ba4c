package output

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// renderVersion names what the templates and renderers write. It changes
// whenever they change, so that a folder published by an older feedloom is
// rendered again although its content has not changed.
// TestRenderVersionFollowsTheRenderers fails when the renderer sources no
// longer match rendererDigest, and says what to set both to.
const renderVersion = 17

// rendererDigest is the digest (rendererSources) of the renderer sources
// at renderVersion.
const rendererDigest = "3341e0720165e9af"

// Content is what a site is published from: the application's store and
// collection. Stamp names everything the site's entries depend on (the
// store's state, the outputs, the limits) so that two publishes with equal
// stamps select the same entries; it is "" when no stamp can say that
// (a publish that depends on the clock). Site selects them.
type Content interface {
	Stamp(ctx context.Context) (string, error)
	Site(ctx context.Context) (*Site, error)
	// Health is the site's health page data, nil for none. It is not
	// covered by the stamp: it changes with every poll, and is written
	// even when the outputs are up to date.
	Health(ctx context.Context) (*Health, error)
}

// PublishContent publishes c into dir as Publish does, unless dir already
// holds a complete publish of the same content stamp made with the same
// options by the same renderers: then nothing is selected or rendered, and
// the report says Skipped and lists every file as unchanged. Options.Force
// renders regardless.
func PublishContent(ctx context.Context, dir string, c Content, o Options) (*Report, error) {
	health, err := c.Health(ctx)
	if err != nil {
		return nil, err
	}
	p, dir, done, err := target(ctx, dir, o)
	if err != nil {
		return nil, err
	}
	defer done()
	if !o.Force {
		st, err := c.Stamp(ctx)
		if err != nil {
			return nil, err
		}
		if files, ok := upToDate(p.fs, dir, stamp(st, o)); ok && (health == nil) == !slices.Contains(files, healthFile) {
			r := &Report{Skipped: true, Unchanged: files, Outputs: countOutputs(files)}
			if health != nil {
				err = p.writeHealth(ctx, dir, &Site{Title: health.SiteTitle, Health: health}, o, r)
			}
			return r, err
		}
	}
	s, st, err := siteAndStamp(ctx, c)
	if err != nil {
		return nil, err
	}
	s.Health = health
	return p.publish(ctx, dir, s, o, stamp(st, o))
}

// siteAndStamp reads the site and the stamp that describes it. The stamp
// must never claim more than the site holds, or the next publish would
// skip what it missed: another process may commit while this one selects
// (a shared store), and selecting may itself change the stamp (a new
// topic's membership is built on first use). So the stamp is read before
// and after selecting, and the site selected again until the two agree;
// after a few rounds of a store that keeps changing, the earlier stamp is
// kept, which at worst makes the next publish render again.
func siteAndStamp(ctx context.Context, c Content) (*Site, string, error) {
	before, err := c.Stamp(ctx)
	if err != nil {
		return nil, "", err
	}
	for round := 1; ; round++ {
		s, err := c.Site(ctx)
		if err != nil {
			return nil, "", err
		}
		after, err := c.Stamp(ctx)
		if err != nil {
			return nil, "", err
		}
		if after == before {
			return s, after, nil
		}
		if round == 3 {
			return s, before, nil
		}
		before = after
	}
}

// stamp is the manifest stamp of a publish of content with options o: the
// content stamp, every option that changes the bytes written, and the
// renderers' version. "" (never up to date) when content is "".
func stamp(content string, o Options) string {
	if content == "" {
		return ""
	}
	// These change how a publish runs, not what it writes.
	o.HTTPClient, o.PingTimeout, o.Force = nil, 0, false
	h := sha256.New()
	fmt.Fprintf(h, "feedloom output %d\x00%s\x00%#v", renderVersion, content, o)
	return hex.EncodeToString(h.Sum(nil))
}

// upToDate reports whether dir holds a complete publish stamped st: the
// manifest records st and every file it lists exists. It returns the files.
func upToDate(fsys fileSystem, dir, st string) ([]string, bool) {
	if st == "" {
		return nil, false
	}
	files, got, warning := readManifestStamp(fsys, dir)
	if warning != "" || got != st || len(files) == 0 {
		return nil, false
	}
	for _, f := range files {
		if !fsys.Exists(filepath.Join(dir, filepath.FromSlash(f))) {
			return nil, false
		}
	}
	return files, true
}

// countOutputs counts the output folders among a publish's files.
func countOutputs(files []string) int {
	n := 0
	for _, f := range files {
		if dir, name, ok := strings.Cut(f, "/"); ok && dir != "" && name == htmlFile {
			n++
		}
	}
	return n
}
