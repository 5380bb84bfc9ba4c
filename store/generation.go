package store

import (
	"context"

	bolt "go.etcd.io/bbolt"
)

// keyGeneration counts the transactions that changed what outputs show:
// new or updated items, new feed titles, pruned stories, rebuilt topics.
// A publisher that records the generation it published can skip the next
// publish when nothing changed.
var keyGeneration = []byte("generation")

func bumpGeneration(tx *bolt.Tx) error {
	m := tx.Bucket(bucketMeta)
	var g uint64
	if v := m.Get(keyGeneration); len(v) == 8 {
		g = be64(v)
	}
	return m.Put(keyGeneration, u64(g+1))
}

// Generation returns the store's change counter: it grows whenever a
// transaction changes anything an output could show.
func (db *DB) Generation(ctx context.Context) (uint64, error) {
	var g uint64
	err := db.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyGeneration); len(v) == 8 {
			g = be64(v)
		}
		return nil
	})
	return g, err
}
