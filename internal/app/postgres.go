package app

import (
	"context"
	"errors"
)

func openPostgres(ctx context.Context, dsn string, opts StoreOptions) (Store, error) {
	return nil, errors.New("PostgreSQL stores are not supported yet")
}
