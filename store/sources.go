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
			st, err := decode[aggregator.SourceState](k, v, "source "+string(k))
			if err != nil {
				return err
			}
			out[string(k)] = *st
			return nil
		})
	})
	return out, err
}

func getState(tx *bolt.Tx, url string) (*aggregator.SourceState, error) {
	v := tx.Bucket(bucketSources).Get([]byte(url))
	if v == nil {
		return nil, nil
	}
	return decode[aggregator.SourceState]([]byte(url), v, "source "+url)
}

func putState(tx *bolt.Tx, st *aggregator.SourceState) error {
	v, err := encode([]byte(st.URL), st)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketSources).Put([]byte(st.URL), v)
}
