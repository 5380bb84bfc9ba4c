package output

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/feedloom/feedloom/internal/atomicfile"
)

// file is one rendered file, waiting in a temporary file until every file
// of the publish is rendered.
type file struct {
	path string // slash-separated, relative to the output folder
	tmp  string // the temporary file that holds its new bytes
	slug string // the output it belongs to, "" for site-wide files
	feed bool   // an RSS, Atom or JSON document (pinged, counts as a change)
	// settled says the file was compared with its target as it was
	// completed (stage.complete), and same what that found.
	settled, same bool
}

// stage renders the files of one publish into temporary files: next to
// their targets on a local disk (named as atomicfile names them, so that
// a publish killed midway leaves only files the next one removes), or in
// a private temporary folder for a bucket.
type stage struct {
	fs      fileSystem
	dir     string // the output folder
	private string // the private folder, when the target is not local
	files   []file
}

// newStage prepares the staging of a publish into dir.
func newStage(fsys fileSystem, dir string) (*stage, error) {
	st := &stage{fs: fsys, dir: dir}
	if !fsys.Local() {
		private, err := os.MkdirTemp("", "feedloom-publish-")
		if err != nil {
			return nil, fmt.Errorf("create a temporary folder to render into: %w", err)
		}
		st.private = private
	}
	return st, nil
}

// pending is a file being rendered into its temporary file.
type pending struct {
	file
	f      *os.File
	w      *bufio.Writer
	closed bool // written out and closed: ready to stage
}

// open starts rendering the file rel into a temporary file.
func (st *stage) open(rel, slug string, feed bool) (*pending, error) {
	folder := st.private
	if folder == "" {
		folder = filepath.Dir(filepath.Join(st.dir, filepath.FromSlash(rel)))
		if err := st.fs.MkdirAll(folder); err != nil {
			return nil, fmt.Errorf("create folder %s: %w: check that the output folder is writable by this user", folder, err)
		}
	}
	f, err := os.CreateTemp(folder, atomicfile.TempPrefix+filepath.Base(rel)+atomicfile.TempInfix+"*")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w: check that the output folder is writable and the disk not full", rel, err)
	}
	return &pending{file: file{path: rel, tmp: f.Name(), slug: slug, feed: feed}, f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

// finish completes p and stages it; on failure p is removed.
func (st *stage) finish(p *pending) error {
	if err := st.complete(p); err != nil {
		return err
	}
	st.staged(p)
	return nil
}

// complete writes out and closes p's temporary file; on failure it is
// removed. Next to a local target it also settles what placing p will do
// (place): a file that holds the published bytes is marked the same, and
// one that does not is synced to disk. It touches nothing of the stage,
// so the documents of the outputs complete on goroutines of their own
// (renderOutput), each comparing and syncing while others still render:
// placing 1.3 GB of documents one file at a time, each compared and then
// synced, took a second after the last was rendered.
func (st *stage) complete(p *pending) error {
	err := p.w.Flush()
	if err == nil && st.private == "" {
		name := filepath.Join(st.dir, filepath.FromSlash(p.path))
		if p.same, err = sameContent(st.fs, name, p.tmp); err == nil && !p.same {
			err = p.f.Sync()
		}
		p.settled = err == nil
	}
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	p.f = nil
	if err != nil {
		os.Remove(p.tmp)
		return fmt.Errorf("write %s: %w: check that the disk is not full", p.tmp, err)
	}
	p.closed = true
	return nil
}

// staged adds p, closed, to the files placed when the publish is over.
func (st *stage) staged(p *pending) { st.files = append(st.files, p.file) }

// abort removes p's temporary file unless p was finished.
func (p *pending) abort() {
	if p.f != nil {
		p.f.Close()
		os.Remove(p.tmp)
		p.f = nil
	}
}

// create renders the file rel with write and stages it.
func (st *stage) create(rel, slug string, feed bool, write func(w io.Writer) error) error {
	p, err := st.open(rel, slug, feed)
	if err != nil {
		return err
	}
	defer p.abort()
	if err := write(p.w); err != nil {
		return fmt.Errorf("render %s: %w", rel, err)
	}
	return st.finish(p)
}

// add stages a file rendered into memory.
func (st *stage) add(rel string, data []byte) error {
	return st.create(rel, "", false, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// place moves f to its target unless the target already holds the same
// bytes; it reports whether it did. The temporary file is gone either
// way.
func (st *stage) place(f *file) (bool, error) {
	name := filepath.Join(st.dir, filepath.FromSlash(f.path))
	same := f.same
	if !f.settled {
		var err error
		if same, err = sameContent(st.fs, name, f.tmp); err != nil {
			return false, err
		}
	}
	if same {
		return false, os.Remove(f.tmp)
	}
	if err := st.fs.Place(f.tmp, name); err != nil {
		return false, fmt.Errorf("write %s: %w: check that the output folder is writable and the disk not full; files already published are intact", name, err)
	}
	return true, nil
}

// cleanup removes every temporary file still staged (those not placed).
func (st *stage) cleanup() {
	for _, f := range st.files {
		os.Remove(f.tmp) // gone already when placed
	}
	if st.private != "" {
		os.RemoveAll(st.private)
	}
}

// sameContent reports whether the published file name holds exactly the
// bytes of the local file tmp, reading both a piece at a time.
func sameContent(fsys fileSystem, name, tmp string) (bool, error) {
	cur, err := fsys.Open(name)
	if err != nil {
		return false, nil // missing or unreadable: write it
	}
	defer cur.Close()
	next, err := os.Open(tmp)
	if err != nil {
		return false, fmt.Errorf("read back %s: %w", tmp, err)
	}
	defer next.Close()
	a, b := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		n, errA := io.ReadFull(cur, a)
		m, errB := io.ReadFull(next, b)
		if n != m || !bytes.Equal(a[:n], b[:m]) {
			return false, nil
		}
		endA := errors.Is(errA, io.EOF) || errors.Is(errA, io.ErrUnexpectedEOF)
		endB := errors.Is(errB, io.EOF) || errors.Is(errB, io.ErrUnexpectedEOF)
		switch {
		case errB != nil && !endB:
			return false, fmt.Errorf("read back %s: %w", tmp, errB)
		case errA != nil && !endA:
			return false, nil // unreadable: write it
		case endA || endB:
			return endA && endB, nil
		}
	}
}
