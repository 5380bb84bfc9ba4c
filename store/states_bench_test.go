package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// BenchmarkSourceStates reads the states of 10,000 sources, as a warm
// refresh does before it polls: decoded (a new process) and again from
// the cache (after the refresh's commits).
func BenchmarkSourceStates(b *testing.B) {
	path := filepath.Join(b.TempDir(), "states.db")
	db, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	var batch []*aggregator.SourceResult
	for i := range 10000 {
		st := aggregator.SourceState{URL: fmt.Sprintf("http://127.0.0.%d:8080/feeds/%05d.atom", i%20+1, i), Title: fmt.Sprint("Feed ", i),
			ETag: fmt.Sprintf(`"%x"`, i*7919), LastModified: at.Format(time.RFC1123), LastAttempt: at, LastSuccess: at, LastStatus: 304,
			Digests: aggregator.Digests{uint64(i), uint64(i) * 31}}
		batch = append(batch, &aggregator.SourceResult{State: st})
		if len(batch) == 1000 {
			commit(b, db, batch...)
			batch = batch[:0]
		}
	}
	db.Close()
	ctx := context.Background()
	read := func(b *testing.B, db *DB) {
		if states, err := db.SourceStates(ctx); err != nil || len(states) != 10000 {
			b.Fatalf("%d states, %v", len(states), err)
		}
	}
	b.Run("decoded", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			db, err := Open(path, Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			read(b, db)
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
	})
	b.Run("cached", func(b *testing.B) {
		db, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		read(b, db)
		for b.Loop() {
			read(b, db)
		}
	})
}
