package pgstore

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestRetryable(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{&pgconn.PgError{Code: "40001"}, true},
		{&pgconn.PgError{Code: "40P01"}, true},
		{&pgconn.PgError{Code: "23505"}, true},
		{fmt.Errorf("commit: %w", &pgconn.PgError{Code: "40001"}), true},
		{&pgconn.PgError{Code: "23503"}, false}, // foreign key: a bug, not a race
		{&pgconn.PgError{Code: "42P01"}, false},
		{errors.New("connection refused"), false},
	} {
		if got := retryable(tt.err); got != tt.want {
			t.Errorf("retryable(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestBackoffGrowsWithinBounds(t *testing.T) {
	prev := time.Duration(0)
	for attempt := 1; attempt < maxAttempts; attempt++ {
		lo, hi := backoff(attempt, 0), backoff(attempt, 0.999)
		if lo < prev/2 || hi < lo || hi > 320*time.Millisecond || lo < 2*time.Millisecond {
			t.Errorf("attempt %d waits %v to %v", attempt, lo, hi)
		}
		prev = hi
	}
	if total := sumBackoff(); total > 2*time.Second {
		t.Errorf("a commit may wait %v in all before giving up, want well under the poll interval", total)
	}
}

func sumBackoff() time.Duration {
	var d time.Duration
	for attempt := 1; attempt < maxAttempts; attempt++ {
		d += backoff(attempt, 1)
	}
	return d
}
