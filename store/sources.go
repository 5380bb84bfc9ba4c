package store

import (
	"context"

	"github.com/feedloom/feedloom/aggregator"
	bolt "go.etcd.io/bbolt"
)

// SourceStates returns every stored source state, by URL.
func (db *DB) SourceStates(ctx context.Context) (map[string]aggregator.SourceState, error) {
	out := map[string]aggregator.SourceState{}
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSources).ForEach(func(k, v []byte) error {
			st, err := db.decodeState(k, v)
			if err != nil {
				return err
			}
			out[string(k)] = *st
			return nil
		})
	})
	return out, err
}

// getState reads source url's state; db, when not nil, reads it through
// its cache (statecache.go).
func getState(db *DB, tx *bolt.Tx, url string) (*aggregator.SourceState, error) {
	v := tx.Bucket(bucketSources).Get([]byte(url))
	if v == nil {
		return nil, nil
	}
	if db != nil {
		return db.decodeState([]byte(url), v)
	}
	return decode[aggregator.SourceState]([]byte(url), v, "source "+url)
}

// putState writes source st's state; db, when not nil, keeps it in its
// cache.
func putState(db *DB, tx *bolt.Tx, st *aggregator.SourceState) error {
	v, err := encode([]byte(st.URL), st)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketSources).Put([]byte(st.URL), v); err != nil {
		return err
	}
	if db != nil {
		db.wroteState([]byte(st.URL), v, st)
	}
	return nil
}
