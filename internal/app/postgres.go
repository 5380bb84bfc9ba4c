package app

import (
	"context"
	"errors"

	"github.com/feedloom/feedloom/store/pgstore"
)

// openPostgres opens the PostgreSQL store dsn names, with the folding
// rules of opts; a schema newer than this build is an *InputError, as a
// newer file is.
func openPostgres(ctx context.Context, dsn string, opts StoreOptions) (Store, error) {
	db, err := pgstore.Open(ctx, dsn, pgstore.Options{NearDup: opts.NearDup, Window: opts.Window, Now: opts.Now, LeaseTime: opts.LeaseTime})
	if errors.Is(err, pgstore.ErrNewerSchema) {
		return nil, &InputError{err}
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}
