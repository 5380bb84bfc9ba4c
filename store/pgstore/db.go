package pgstore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Options configure a DB.
type Options struct {
	// NearDup, when set, folds near-duplicate items of different sources
	// into one story within Window of each other (zero means 72 hours);
	// nil turns near-duplicate folding off (canonical URLs still merge).
	NearDup fold.NearDup
	Window  time.Duration
	// Now is the clock (tests inject one); nil means time.Now.
	Now func() time.Time
	// LeaseTime is how long a refresher holds a source it polls before
	// another may take it over (zero means 5 minutes; see shared.go).
	LeaseTime time.Duration

	// steps replaces the built-in migrations (tests).
	steps []string
}

// DB is feedloom's PostgreSQL store: a pool of connections to one
// database.
type DB struct {
	pool *pgxpool.Pool
	path string // the DSN, its password redacted
	opts Options
	// trips counts the writers' round trips, which tests hold down.
	trips atomic.Int64
}

var _ aggregator.Store = (*DB)(nil)

// Open connects to the database that dsn names (a postgres:// URL or a
// key=value string, as libpq takes them), and brings its schema up to the
// one this build writes.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	if opts.Window == 0 {
		opts.Window = 72 * time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	db := &DB{path: redact(dsn), opts: opts}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the DSN, password and all.
		return nil, fmt.Errorf("open database %s: the connection string does not parse (want postgres://user@host:port/database or key=value pairs)", db.path)
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		// A refresher holds a connection per request in flight (its
		// host slot) besides its commits; pgxpool's default (the
		// number of CPUs, at least 4) would bound its concurrency.
		cfg.MaxConns = 20
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w (check the connection string)", db.path, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		hint := "is PostgreSQL running? check the connection string"
		var pgErr *pgconn.PgError
		switch {
		case errors.As(err, &pgErr) && pgErr.Code == "3D000": // invalid_catalog_name
			hint = fmt.Sprintf("create it first: CREATE DATABASE %s", cfg.ConnConfig.Database)
		case errors.As(err, &pgErr) && pgErr.Code == "28P01", errors.As(err, &pgErr) && pgErr.Code == "28000":
			hint = "check the user and password of the connection string"
		}
		return nil, fmt.Errorf("connect to %s: %w (%s)", db.path, err, hint)
	}
	db.pool = pool
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// Path is the database's connection string with any password redacted,
// for messages.
func (db *DB) Path() string { return db.path }

// Close closes every connection of the pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

var keywordPassword = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S*)`)

// redact hides the password of a connection string, in either form.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		if q.Has("password") {
			q.Set("password", "xxxxx")
			u.RawQuery = q.Encode()
		}
		return u.Redacted()
	}
	return keywordPassword.ReplaceAllString(dsn, "${1}xxxxx")
}
