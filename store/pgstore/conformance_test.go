package pgstore

import (
	"context"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/store/pgstore/pgtest"
	"github.com/feedloom/feedloom/store/storetest"
)

var _ storetest.Store = (*DB)(nil)

// TestConformance holds the PostgreSQL store to the behaviour every
// backend shares (package storetest), each behaviour in a database of its
// own.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, opts storetest.Options) storetest.Store {
		o := Options{Window: opts.Window, Now: opts.Now}
		if opts.NearDup {
			o.NearDup = aggregator.NearDup{}
		}
		db, err := Open(context.Background(), pgtest.NewDatabase(t), o)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}
