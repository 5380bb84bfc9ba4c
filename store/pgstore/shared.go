package pgstore

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Several refreshers share one PostgreSQL store (aggregator.Shared):
//
//   - A refresher leases each source before it polls it, in the leases
//     table: a row it may take only while no other refresher holds it
//     (owner unset, or its lease run out) and, unless forced, only once
//     the source is due again. Taking it is an UPDATE of a row selected
//     FOR UPDATE SKIP LOCKED, so two refreshers never wait on each other
//     for a source: one takes it, the other moves on. Committing the
//     source's result ends the lease and records when the source is next
//     due (commit.go), so no other refresher polls it within its
//     interval; a refresher killed meanwhile leaves its leases to run out
//     (--lease-time), after which the next refresh polls those sources.
//   - Requests to one host take one of --per-host slots counted over all
//     refreshers: session advisory locks keyed by the host, held on a
//     connection of the pool for the length of the request and released
//     with it, or by the server when a refresher dies.
//   - One process publishes at a time: a session advisory lock.

var _ aggregator.Shared = (*DB)(nil)

// publishLock is the advisory lock key of publishing ("pub" + "feedloom").
const publishLock = 0x7075625f_6c6f6f6d

// hostLockSpace is the first key of the two-key advisory locks of host
// slots, apart from any single-key lock.
const hostLockSpace = 0x66656564

// defaultLease is how long a lease lasts when Options.LeaseTime is zero.
const defaultLease = 5 * time.Minute

// refresherID names this process in the leases it holds.
var refresherID = func() string {
	host, _ := os.Hostname()
	var b [4]byte
	crand.Read(b[:])
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}()

// Claim leases source url to this process (see aggregator.Shared).
func (db *DB) Claim(ctx context.Context, url string, force bool, since time.Time) (bool, error) {
	lease := db.opts.LeaseTime
	if lease <= 0 {
		lease = defaultLease
	}
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO leases (url, until) VALUES ($1, '-infinity') ON CONFLICT (url) DO NOTHING`, url)
	var got bool
	b.Queue(`WITH free AS (
			SELECT url FROM leases
			WHERE url = $1 AND (owner IS NULL OR until < now())
				AND CASE WHEN $4 THEN polled IS NULL OR polled < $5 ELSE until <= now() END
			FOR UPDATE SKIP LOCKED)
		UPDATE leases SET owner = $2, until = now() + $3::interval FROM free
		WHERE leases.url = free.url RETURNING true`,
		url, refresherID, lease.String(), force, since).QueryRow(func(row pgx.Row) error {
		err := row.Scan(&got)
		if err == pgx.ErrNoRows {
			return nil
		}
		return err
	})
	if err := db.pool.SendBatch(ctx, b).Close(); err != nil {
		return false, fmt.Errorf("lease %s in %s: %w", url, db.path, err)
	}
	return got, nil
}

// HostSlot waits for one of perHost request slots to host, over every
// process of the store, and returns its release.
func (db *DB) HostSlot(ctx context.Context, host string, perHost int) (func(), error) {
	h := fnv.New32a()
	h.Write([]byte(host))
	key := int32(h.Sum32())
	wait := 5 * time.Millisecond
	for {
		conn, err := db.pool.Acquire(ctx)
		if err != nil {
			return nil, err
		}
		for slot := range max(perHost, 1) {
			var ok bool
			if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, key, int32(slot)^hostLockSpace).Scan(&ok); err != nil {
				conn.Release()
				return nil, err
			}
			if ok {
				return func() { unlock(conn, `SELECT pg_advisory_unlock($1, $2)`, key, int32(slot)^hostLockSpace) }, nil
			}
		}
		conn.Release()
		// Every slot is taken: a request to this host is in flight in
		// another process. Ask again shortly, then less and less often
		// (up to every 200 ms), so a slow host's waiting requests do not
		// keep the server busy.
		t := time.NewTimer(wait + rand.N(wait))
		wait = min(2*wait, 200*time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// LockPublish takes the store's publish lock, waiting while another
// process publishes (busy says whether one did), and returns its release.
func (db *DB) LockPublish(ctx context.Context) (func(), bool, error) {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("lock %s for publishing: %w", db.path, err)
	}
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, int64(publishLock)).Scan(&ok); err != nil {
		conn.Release()
		return nil, false, fmt.Errorf("lock %s for publishing: %w", db.path, err)
	}
	if !ok {
		if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(publishLock)); err != nil {
			conn.Release()
			return nil, true, fmt.Errorf("lock %s for publishing: %w", db.path, err)
		}
	}
	return func() { unlock(conn, `SELECT pg_advisory_unlock($1)`, int64(publishLock)) }, !ok, nil
}

// unlock releases a session advisory lock and its connection; a
// connection that cannot say so is closed, which releases the lock too.
func unlock(conn *pgxpool.Conn, sql string, args ...any) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		conn.Conn().Close(ctx)
	}
	conn.Release()
}
