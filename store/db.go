package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout this build writes. Older files are migrated
// on open; newer ones are refused.
const SchemaVersion = 9

// ErrLocked is returned when another process holds the database.
var ErrLocked = errors.New("database is in use by another feedloom process")

// ErrNewerSchema is returned for a database written by a newer feedloom.
var ErrNewerSchema = errors.New("database was written by a newer feedloom")

// Options configure a DB.
type Options struct {
	// LockTimeout is how long Open waits for another process to release
	// the file before giving up with ErrLocked.
	LockTimeout time.Duration
	// ReadOnly opens the file for reading; several readers may share it.
	ReadOnly bool
	// NearDup, when set, folds near-duplicate items of different sources
	// into one story within Window of each other (zero means 72 hours);
	// nil turns near-duplicate folding off (canonical URLs still merge).
	NearDup fold.NearDup
	Window  time.Duration
	// Now is the clock (tests inject one); nil means time.Now.
	Now func() time.Time
	// Transient opens the file for each transaction and closes it after
	// (see transient.go): what a refresh uses, so that it locks the file
	// only while it commits and readers are never kept waiting on the
	// network. Compact and Backup need a DB opened without it.
	Transient bool

	// schema replaces the built-in schema version and migrations (tests).
	schema *schema
}

// DB is feedloom's bbolt store.
type DB struct {
	bolt *bolt.DB // nil with Options.Transient
	tr   *transient
	path string
	opts Options
	near *nearFilter // see nearfilter.go; used by write transactions only
	// states caches decoded source states (statecache.go).
	states stateCache
}

var _ aggregator.Store = (*DB)(nil)

// Open opens (creating if needed) the database at path.
func Open(path string, opts Options) (db *DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, &DamageError{Path: path, Err: fmt.Errorf("bbolt: %v", r)}
		}
	}()
	if opts.LockTimeout == 0 {
		opts.LockTimeout = 2 * time.Second
	}
	if opts.Window == 0 {
		opts.Window = 72 * time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if !opts.ReadOnly {
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("open database %s: %w", path, err)
			}
		}
	}
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("open database %s: %w (run `feedloom refresh` first to create it)", path, err)
		}
	}
	b, err := openFile(path, opts)
	if err != nil {
		return nil, openError(path, opts, err)
	}
	if err := checkMetaPages(path); err != nil {
		b.Close()
		return nil, err
	}
	db = &DB{bolt: b, path: path, opts: opts}
	if err := db.init(); err != nil {
		b.Close()
		return nil, err
	}
	if opts.Transient {
		b.Close()
		db.bolt, db.tr = nil, &transient{}
	}
	return db, nil
}

// Path is the database file's path.
func (db *DB) Path() string { return db.path }

// Close releases the file.
func (db *DB) Close() error {
	if db.bolt == nil {
		return nil // transient: each transaction closed the file
	}
	return db.bolt.Close()
}

// openBolt is bolt.Open, made safe for damaged files: bbolt panics on some
// (a garbled freelist page) after it has opened and locked the file but
// before it returns a handle to close, which would keep the file locked
// until the process ends (a long-running serve, or tests). openBolt keeps
// the file it opened, closes it on such a panic, and reports the damage.
func openBolt(path string, bo *bolt.Options) (b *bolt.DB, err error) {
	var files []*os.File
	opts := *bo
	opts.OpenFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		if f != nil {
			files = append(files, f)
		}
		return f, err
	}
	defer func() {
		if r := recover(); r != nil {
			for _, f := range files {
				unlockFile(f) // the mapping bbolt left keeps the file, and so its lock, alive after Close
				f.Close()
			}
			b, err = nil, &DamageError{Path: path, Err: fmt.Errorf("bbolt: %v", r)}
		}
	}()
	return bolt.Open(path, 0o644, &opts)
}

// pageSize is the size of the pages of a new store file; a file keeps the
// size it was made with (bbolt reads it from the file), until Compact
// rewrites it. bbolt's default is the system's (4 KiB), and at that size a
// cold refresh of 1,000 feeds x 50 items made a file of 62,000 pages: one
// item record to a page or two, indexes of thousands of leaves, of which a
// commit of 500 items rewrote hundreds at random (the URL and time indexes
// are keyed by hash and by item time), each with its own write and, read
// again, its own page fault. With 32 KiB pages the same run wrote a file
// 15% smaller, with eight times fewer leaves, in 14% less time and with
// 20% less peak memory; --max-items 0 took 25% less time, a warm refresh
// of 1,000 sources 0.30 s instead of 0.44 s, and the steady state was no
// slower (see the README's performance section). Larger pages (64 KiB)
// measured no better.
var pageSize = 32 << 10

// openFile opens the bbolt file at path. A compaction renames a new file
// over the old one while holding the old one's lock; a process that was
// waiting for that lock would then hold a file nobody sees again, so Open
// checks that the file it locked is still the one at path, and opens again
// when it is not.
func openFile(path string, opts Options) (*bolt.DB, error) {
	bo := &bolt.Options{
		Timeout:        opts.LockTimeout,
		ReadOnly:       opts.ReadOnly,
		NoFreelistSync: false,
		FreelistType:   bolt.FreelistMapType,
		PageSize:       pageSize,
	}
	for attempt := 0; ; attempt++ {
		before, _ := os.Stat(path)
		b, err := openBolt(path, bo)
		if err != nil {
			return nil, err
		}
		after, err := os.Stat(path)
		if err == nil && (before == nil || os.SameFile(before, after)) || attempt == 3 {
			return b, nil
		}
		b.Close()
	}
}
