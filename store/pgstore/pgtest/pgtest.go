// Package pgtest gives tests a PostgreSQL database of their own, on the
// server FEEDLOOM_TEST_POSTGRES names, or skips them when none answers.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultServer is the server tests use when FEEDLOOM_TEST_POSTGRES is
// not set: a local PostgreSQL as Debian installs it, trusting local
// connections.
const DefaultServer = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Server returns the connection string of the test server.
func Server() string {
	if s := os.Getenv("FEEDLOOM_TEST_POSTGRES"); s != "" {
		return s
	}
	return DefaultServer
}

// Reachable reports whether the test server answers, for a test whose
// PostgreSQL part is one leg among others (NewDatabase skips a whole test).
// With FEEDLOOM_REQUIRE_POSTGRES set it always says yes, so the leg fails
// instead of being left out.
func Reachable() bool {
	if os.Getenv("FEEDLOOM_REQUIRE_POSTGRES") != "" {
		return true
	}
	return unreachable() == nil
}

// down remembers the first failure to reach the server, so that a suite
// of a hundred tests skips at once instead of waiting for each.
var down struct {
	once sync.Once
	err  error
}

func unreachable() error {
	down.once.Do(func() {
		conn, err := connect(Server())
		if err != nil {
			down.err = err
			return
		}
		conn.Close(context.Background())
	})
	return down.err
}

// NewDatabase creates a fresh, uniquely named database on the test server
// and returns its connection string; the database is dropped when the
// test ends. When the server does not answer within 2 seconds the test is
// skipped, saying how to run it.
func NewDatabase(t testing.TB) string {
	t.Helper()
	server := Server()
	err := unreachable()
	var conn *pgx.Conn
	if err == nil {
		conn, err = connect(server)
	}
	if err != nil {
		why := fmt.Sprintf("PostgreSQL not reachable at %s: %v: start it (pg_ctlcluster <version> main start) or set FEEDLOOM_TEST_POSTGRES", redacted(server), err)
		if os.Getenv("FEEDLOOM_REQUIRE_POSTGRES") != "" {
			t.Fatal(why + " (FEEDLOOM_REQUIRE_POSTGRES is set: CI must run these tests)")
		}
		t.Skip(why)
	}
	defer conn.Close(context.Background())

	var b [6]byte
	rand.Read(b[:])
	name := fmt.Sprintf("feedloom_test_%d_%s", os.Getpid(), hex.EncodeToString(b[:]))
	if _, err = conn.Exec(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database on %s: %v", redacted(server), err)
	}
	t.Cleanup(func() {
		conn, err := connect(server)
		if err != nil {
			t.Errorf("drop test database %s: %v", name, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	dsn, err := withDatabase(server, name)
	if err != nil {
		t.Fatal(err)
	}
	return dsn
}

// connect connects to server, giving up after 2 seconds.
func connect(server string) (*pgx.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return pgx.Connect(ctx, server)
}

// withDatabase returns connection string server naming database name
// instead.
func withDatabase(server, name string) (string, error) {
	if strings.HasPrefix(server, "postgres://") || strings.HasPrefix(server, "postgresql://") {
		u, err := url.Parse(server)
		if err != nil {
			return "", fmt.Errorf("FEEDLOOM_TEST_POSTGRES: %w", err)
		}
		u.Path = "/" + name
		return u.String(), nil
	}
	return server + " dbname=" + name, nil // a later keyword wins
}

func redacted(server string) string {
	if u, err := url.Parse(server); err == nil && u.Scheme != "" {
		return u.Redacted()
	}
	return "the server FEEDLOOM_TEST_POSTGRES names"
}
