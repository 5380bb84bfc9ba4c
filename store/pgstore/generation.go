package pgstore

import (
	"context"
	"fmt"
)

// Generation returns the store's change counter: it grows whenever a
// transaction changes anything an output could show (new or updated
// items, new feed titles, pruned stories, rebuilt topics), so a publisher
// that records the generation it published can skip the next publish when
// nothing changed. It is the sum of the shards writers count in
// (writer.bumpGeneration).
func (db *DB) Generation(ctx context.Context) (uint64, error) {
	var g int64
	if err := db.pool.QueryRow(ctx, `SELECT coalesce(sum(n), 0)::bigint FROM generation`).Scan(&g); err != nil {
		return 0, fmt.Errorf("read generation of %s: %w", db.path, err)
	}
	return uint64(g), nil
}
