package pgstore

import (
	"context"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/jackc/pgx/v5"
)

// SourceStates returns every stored source state, by URL.
func (db *DB) SourceStates(ctx context.Context) (map[string]aggregator.SourceState, error) {
	out := map[string]aggregator.SourceState{}
	err := db.view(ctx, func(tx pgx.Tx) error {
		return each(ctx, tx, `SELECT url, state FROM sources`, nil, func(rows pgx.Rows) error {
			var url string
			var v []byte
			if err := rows.Scan(&url, &v); err != nil {
				return err
			}
			st, err := decode[aggregator.SourceState](v, "source "+url)
			if err != nil {
				return err
			}
			out[url] = *st
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read source states of %s: %w", db.path, err)
	}
	return out, nil
}
