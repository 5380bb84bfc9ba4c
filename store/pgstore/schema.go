package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ErrNewerSchema is returned for a database written by a newer feedloom.
var ErrNewerSchema = errors.New("database was written by a newer feedloom")

// migrations[v] takes a schema-v database to v+1; the database's version
// is the number of steps it has had. A change to the layout appends a step
// and never edits one that has shipped.
var migrations = []string{
	// 1: the tables of doc.go.
	`CREATE SEQUENCE item_seq;
	CREATE SEQUENCE story_seq;
	CREATE TABLE sources (
		url   text PRIMARY KEY,
		state json NOT NULL
	);
	CREATE TABLE items (
		seq    bigint PRIMARY KEY,
		source bigint NOT NULL,
		story  bigint NOT NULL,
		rec    json   NOT NULL
	);
	CREATE TABLE stories (
		id   bigint PRIMARY KEY,
		time bigint NOT NULL,
		rec  json   NOT NULL
	);
	CREATE INDEX stories_time ON stories (time, id);
	CREATE TABLE ident (
		source bigint NOT NULL,
		ident  bigint NOT NULL,
		seq    bigint NOT NULL,
		link   bigint NOT NULL,
		PRIMARY KEY (source, ident)
	);
	CREATE TABLE urls (
		canonical bytea  PRIMARY KEY,
		story     bigint NOT NULL
	);
	CREATE TABLE near (
		key   bigint NOT NULL,
		time  bigint NOT NULL,
		story bigint NOT NULL,
		seq   bigint NOT NULL,
		PRIMARY KEY (key, time, story)
	);
	CREATE TABLE sigs (
		seq    bigint PRIMARY KEY,
		source bigint NOT NULL,
		sig    bytea  NOT NULL
	);
	CREATE TABLE bysource (
		source bigint NOT NULL,
		time   bigint NOT NULL,
		story  bigint NOT NULL,
		PRIMARY KEY (source, time, story)
	);
	CREATE TABLE topics (
		topic bigint NOT NULL,
		time  bigint NOT NULL,
		story bigint NOT NULL,
		PRIMARY KEY (topic, time, story)
	);
	CREATE TABLE topicmeta (
		topic bigint PRIMARY KEY
	);
	CREATE TABLE current (
		source  bigint   PRIMARY KEY,
		stories bigint[] NOT NULL
	);
	CREATE TABLE generation (
		shard integer PRIMARY KEY,
		n     bigint  NOT NULL
	);`,
	// 2: leases of sources among several refreshers (shared.go).
	`CREATE TABLE leases (
		url    text        PRIMARY KEY,
		owner  text,
		until  timestamptz NOT NULL,
		polled timestamptz
	);`,
}

// SchemaVersion is the layout this build writes. Older databases are
// migrated on open; newer ones are refused.
var SchemaVersion = len(migrations)

// migrationLock is the key of the advisory lock that makes processes
// opening the database at once take their turn: the first migrates, the
// others find the schema current.
const migrationLock = 0x66656564_6c6f6f6d // "feedloom"

// migrate checks the schema version and runs the steps the database has
// not had, all in one transaction with the new version, so that a failing
// step leaves the database as it was.
func (db *DB) migrate(ctx context.Context) error {
	steps := migrations
	if db.opts.steps != nil {
		steps = db.opts.steps
	}
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS feedloom_meta (
			key   text   PRIMARY KEY,
			value bigint NOT NULL
		)`); err != nil {
			return err
		}
		var version int
		err := tx.QueryRow(ctx, `SELECT value FROM feedloom_meta WHERE key = 'schema'`).Scan(&version)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if version > len(steps) {
			return fmt.Errorf("%w (schema %d; this feedloom reads up to %d): upgrade feedloom", ErrNewerSchema, version, len(steps))
		}
		if version == len(steps) {
			return nil
		}
		for v := version; v < len(steps); v++ {
			if _, err := tx.Exec(ctx, steps[v]); err != nil {
				return fmt.Errorf("migrate from schema %d to %d: %w (the database is unchanged)", v, v+1, err)
			}
		}
		_, err = tx.Exec(ctx, `INSERT INTO feedloom_meta (key, value) VALUES ('schema', $1)
			ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, len(steps))
		return err
	})
	if err != nil {
		return fmt.Errorf("open database %s: %w", db.path, err)
	}
	return nil
}
