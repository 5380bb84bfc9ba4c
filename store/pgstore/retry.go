package pgstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// maxAttempts bounds the transactions one change is tried in.
const maxAttempts = 10

// update runs fn in a SERIALIZABLE transaction and commits it. When
// PostgreSQL refuses the transaction because a concurrent one got there
// first (a serialization failure, a deadlock, or a unique key another
// transaction took), update starts over in a fresh transaction, after a
// short jittered wait, up to maxAttempts times. fn must therefore start
// from its inputs each time and keep nothing of a failed attempt.
func (db *DB) update(ctx context.Context, fn func(w *writer) error) error {
	for attempt := 1; ; attempt++ {
		err := db.try(ctx, fn)
		if err == nil || !retryable(err) {
			return err
		}
		if attempt == maxAttempts {
			return fmt.Errorf("%w (gave up after %d attempts)", err, maxAttempts)
		}
		t := time.NewTimer(backoff(attempt, rand.Float64()))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// writeLock is the key of the session advisory lock every write
// transaction holds ("write" + "feedloom").
const writeLock = 0x77726974_6c6f6f6d

// try runs fn in one SERIALIZABLE transaction, begun once this process
// holds the store's write lock. Writers of several processes take turns
// (as bbolt's one writer does): the fetching and parsing around them runs
// in parallel, and folding a story never races another process's fold of
// the same story, where SERIALIZABLE alone refuses most transactions of
// a busy store (its predicate locks cover index pages, not just the keys
// read). The lock is taken before the transaction begins, so that its
// snapshot holds everything committed by the writer before; it is a
// session lock, freed by the server should this process die.
func (db *DB) try(ctx context.Context, fn func(w *writer) error) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(writeLock)); err != nil {
		conn.Release()
		return err
	}
	defer unlock(conn, `SELECT pg_advisory_unlock($1)`, int64(writeLock))
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) // after Commit, a no-op
	w := newWriter(ctx, tx, db)
	if err := fn(w); err != nil {
		return err
	}
	if err := w.send(); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// retryable reports whether err is PostgreSQL refusing a transaction that
// may succeed when tried again.
func retryable(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch pgErr.Code {
	case "40001", // serialization_failure
		"40P01", // deadlock_detected
		"23505": // unique_violation
		return true
	}
	return false
}

// backoff is the wait before attempt+1: doubling from 5 ms to at most
// 320 ms, and spread by jitter (in [0, 1)) over its upper half, so that
// two workers that collided do not collide again in step.
func backoff(attempt int, jitter float64) time.Duration {
	d := 5 * time.Millisecond << min(attempt-1, 6)
	return d/2 + time.Duration(jitter*float64(d/2))
}

// view runs fn in a read-only snapshot, which never waits for a writer.
func (db *DB) view(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

// each runs a query and calls fn for each row.
func each(ctx context.Context, tx pgx.Tx, sql string, args []any, fn func(pgx.Rows) error) error {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
