package app

import (
	"context"
	"errors"

	"github.com/feedloom/feedloom/store"
)

func openPostgres(ctx context.Context, dsn string, opts store.Options) (Store, error) {
	return nil, errors.New("PostgreSQL stores are not supported yet")
}
