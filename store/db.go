package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout this build writes. Older files are migrated
// on open; newer ones are refused.
const SchemaVersion = 1

// ErrLocked is returned when another process holds the database.
var ErrLocked = errors.New("database is in use by another feedloom process")

// ErrNewerSchema is returned for a database written by a newer feedloom.
var ErrNewerSchema = errors.New("database was written by a newer feedloom")

// NearDup decides cross-source near-duplicates; the store files items under
// its keys and asks it whether a candidate is the same article.
type NearDup interface {
	Keys(it *aggregator.Item) []uint64
	Same(a, b *aggregator.Item) bool
}

// Options configure a DB.
type Options struct {
	// LockTimeout is how long Open waits for another process to release
	// the file before giving up with ErrLocked.
	LockTimeout time.Duration
	// ReadOnly opens the file for reading; several readers may share it.
	ReadOnly bool
	// NearDup, when set, folds near-duplicate items of different sources
	// into one story within Window of each other.
	NearDup NearDup
	Window  time.Duration
	// Now is the clock (tests inject one); nil means time.Now.
	Now func() time.Time
}

// DB is feedloom's bbolt store.
type DB struct {
	bolt *bolt.DB
	path string
	opts Options
}

var _ aggregator.Store = (*DB)(nil)

// Open opens (creating if needed) the database at path.
func Open(path string, opts Options) (*DB, error) {
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
	b, err := bolt.Open(path, 0o644, &bolt.Options{
		Timeout:        opts.LockTimeout,
		ReadOnly:       opts.ReadOnly,
		NoFreelistSync: true,
		FreelistType:   bolt.FreelistMapType,
	})
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, fmt.Errorf("open database %s: %w (waited %s); wait for it to finish or stop it", path, ErrLocked, opts.LockTimeout)
		}
		return nil, fmt.Errorf("open database %s: %w (is it a feedloom database? move it away to start afresh)", path, err)
	}
	db := &DB{bolt: b, path: path, opts: opts}
	if err := db.init(); err != nil {
		b.Close()
		return nil, err
	}
	return db, nil
}

// Path is the database file's path.
func (db *DB) Path() string { return db.path }

// Close releases the file.
func (db *DB) Close() error { return db.bolt.Close() }

// Bolt exposes the underlying handle for maintenance commands and tests.
func (db *DB) Bolt() *bolt.DB { return db.bolt }

// init checks the schema version, creates a fresh layout, or migrates an
// older one.
func (db *DB) init() error {
	var version int
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m != nil {
			if v := m.Get(keySchema); len(v) == 8 {
				version = int(be64(v))
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("open database %s: %w", db.path, err)
	}
	switch {
	case version > SchemaVersion:
		return fmt.Errorf("open database %s: %w (schema %d; this feedloom reads up to %d): upgrade feedloom", db.path, ErrNewerSchema, version, SchemaVersion)
	case version == SchemaVersion:
		return nil
	case db.opts.ReadOnly:
		if version == 0 {
			return fmt.Errorf("open database %s: not initialised; run `feedloom refresh` first", db.path)
		}
		return fmt.Errorf("open database %s: schema %d needs migrating; run `feedloom refresh` once", db.path, version)
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		if version > 0 {
			if err := migrate(tx, version); err != nil {
				return fmt.Errorf("migrate database %s from schema %d: %w", db.path, version, err)
			}
		}
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, u64(SchemaVersion))
	})
}

// migrations[v] upgrades a schema-v database to v+1 inside one
// transaction. There is none yet: version 1 is the first layout.
var migrations = map[int]func(tx *bolt.Tx) error{}

func migrate(tx *bolt.Tx, from int) error {
	for v := from; v < SchemaVersion; v++ {
		m, ok := migrations[v]
		if !ok {
			return fmt.Errorf("no migration from schema %d", v)
		}
		if err := m(tx); err != nil {
			return err
		}
	}
	return nil
}
