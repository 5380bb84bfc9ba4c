package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/store"
)

// Store is what feedloom's commands need of a store, whichever backend
// holds it: a bbolt file (store.DB), the zero-setup default, or a
// PostgreSQL database (pgstore.DB) that several machines share.
type Store interface {
	aggregator.Store
	// Generation grows whenever a change could show in an output.
	Generation(ctx context.Context) (uint64, error)
	Prune(ctx context.Context, opts aggregator.PruneOptions) (aggregator.PruneStats, error)
	MoveSource(ctx context.Context, from, to string, st aggregator.SourceState) error
	EachItem(ctx context.Context, fn func(*aggregator.Item) error) error
	EachStory(ctx context.Context, fn func(items []aggregator.Item) error) error
	ItemsByLink(ctx context.Context, link string) ([]aggregator.Item, error)
	TopicSize(ctx context.Context, key aggregator.TopicKey) (stories int, built bool, err error)
	// Backup writes a consistent copy of the store to the file dest,
	// which `feedloom restore` loads into either backend, and returns its
	// size.
	Backup(ctx context.Context, dest string) (int64, error)
	// Path names the store in messages (a file, or a connection string
	// without its password).
	Path() string
	Close() error
}

// StoreOptions configure a store of either backend.
type StoreOptions struct {
	// Options are a file's settings, and the folding rules of both.
	store.Options
	// LeaseTime is how long a refresher of a PostgreSQL store holds a
	// source it polls before another may take it over (should it die).
	LeaseTime time.Duration
	// CheckLater skips the whole check of a small file on open
	// (store.CheckSmall): a refresh runs it beside its polling instead,
	// before it writes anything (Refresh.Run, CheckStore).
	CheckLater bool
}

// IsPostgres reports whether a --db value names a PostgreSQL database
// (a postgres:// or postgresql:// connection string) rather than a file.
func IsPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// OpenStore opens the store that a --db value names: a PostgreSQL
// database for a connection string, else the bbolt file at that path
// (with opts), checked whole when it is small (store.CheckSmall), so that
// damage is reported by whichever command meets it first.
func OpenStore(ctx context.Context, name string, opts StoreOptions) (Store, error) {
	if IsPostgres(name) {
		return openPostgres(ctx, name, opts)
	}
	db, err := store.Open(name, opts.Options)
	if err != nil {
		return nil, err
	}
	if !opts.CheckLater {
		if _, err := db.CheckSmall(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// OpenStoreAt is OpenStore for a --db value given by a person: the folder
// of a file must exist unless create says to make it (a typo in a crontab
// should not start an empty store somewhere new), and a store written by
// a newer feedloom is an *InputError.
func OpenStoreAt(ctx context.Context, name string, create bool, opts StoreOptions) (Store, error) {
	if err := checkFolder(name, create); err != nil {
		return nil, err
	}
	db, err := OpenStore(ctx, name, opts)
	if errors.Is(err, store.ErrNewerSchema) {
		return nil, &InputError{err}
	}
	return db, err
}

// LockRefresh takes the refresh lock of a bbolt store (store.LockRefresh),
// so that two refreshes never run at once; PostgreSQL's refreshers share
// the work instead (leases), and need none.
func LockRefresh(name string, create bool, wait time.Duration) (unlock func(), err error) {
	if IsPostgres(name) {
		return func() {}, nil
	}
	if err := checkFolder(name, create); err != nil {
		return nil, err
	}
	return store.LockRefresh(name, wait)
}

// checkFolder refuses a store file whose folder does not exist, unless
// create says to make it.
func checkFolder(name string, create bool) error {
	if IsPostgres(name) {
		return nil
	}
	dir := filepath.Dir(name)
	fi, err := os.Stat(dir)
	switch {
	case err == nil && fi.IsDir():
		return nil
	case err == nil:
		return &InputError{fmt.Errorf("--db %s: %s is not a folder", name, dir)}
	case !os.IsNotExist(err):
		return &InputError{fmt.Errorf("--db %s: %w", name, err)}
	case create:
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("--db %s: create %s: %w", name, dir, err)
		}
		return nil
	}
	return &InputError{fmt.Errorf("--db %s: the folder %s does not exist; check the path, or add --create-dirs to create it", name, dir)}
}

// LoadAndOpen loads the collection (load: the OPML file) and opens the
// store (open) that the --db value name gives. A store file that exists
// already is opened while the OPML file is parsed, on another core, and
// then given to warm (when not nil) for what it can read ahead: a warm
// refresh of 10,000 sources parsed its OPML file for 90 ms and then
// decoded their states for 70 ms before it could poll. A file that does
// not exist yet, or a PostgreSQL database, is opened only once load has
// succeeded, and load's error comes first either way, with the store
// closed again: a command given a broken OPML file creates nothing.
func LoadAndOpen(name string, load func() (*aggregator.Collection, error), open func() (Store, error), warm func(Store)) (*aggregator.Collection, Store, error) {
	if fi, err := os.Stat(name); IsPostgres(name) || err != nil || !fi.Mode().IsRegular() {
		col, err := load()
		if err != nil {
			return nil, nil, err
		}
		db, err := open()
		if err != nil {
			return nil, nil, err
		}
		return col, db, nil
	}
	type opened struct {
		db  Store
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		db, err := open()
		if err == nil && warm != nil {
			warm(db)
		}
		ch <- opened{db, err}
	}()
	col, lerr := load()
	o := <-ch
	switch {
	case lerr != nil:
		if o.err == nil {
			o.db.Close()
		}
		return nil, nil, lerr
	case o.err != nil:
		return nil, nil, o.err
	}
	return col, o.db, nil
}

// WarmStates reads a store file's source states into its cache (see
// LoadAndOpen), for a refresh, which reads them first; an error is left
// for that read to report.
func WarmStates(ctx context.Context) func(Store) {
	return func(db Store) {
		if f, ok := db.(*store.DB); ok {
			f.SourceStates(ctx)
		}
	}
}
