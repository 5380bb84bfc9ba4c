package store

import (
	"context"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/feedloom/feedloom/store/dump"
	bolt "go.etcd.io/bbolt"
)

// Export calls fn with one consistent read transaction of the store, for
// a copy (package dump).
func (db *DB) Export(ctx context.Context, fn func(dump.ReadTx) error) error {
	defer db.releaseMapping()
	err := db.view(func(tx *bolt.Tx) error { return fn(newWriter(tx, db)) })
	if err != nil {
		return fmt.Errorf("read %s: %w", db.path, err)
	}
	return nil
}

// Import calls fn with one write transaction of the store, which must be
// empty, to receive a copy (package dump); nothing is stored unless fn
// succeeds.
func (db *DB) Import(ctx context.Context, fn func(dump.WriteTx) error) error {
	defer db.releaseMapping()
	err := db.update(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(bucketSources).Cursor().First(); k != nil {
			return fmt.Errorf("it already holds sources; copy into a new, empty store")
		}
		if k, _ := tx.Bucket(bucketStories).Cursor().First(); k != nil {
			return fmt.Errorf("it already holds stories; copy into a new, empty store")
		}
		// One transaction takes the whole copy: the fresh tails would only
		// have to be merged at its end (nearkey.go, tails.go).
		w := newWriter(tx, db)
		w.direct = true
		if err := fn(w); err != nil {
			return err
		}
		return ctx.Err()
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", db.path, err)
	}
	return nil
}

var (
	_ dump.ReadTx  = (*writer)(nil)
	_ dump.WriteTx = (*writer)(nil)
)

func (w *writer) Stories(fn func(fold.StoryID) error) error {
	return w.stories.ForEach(func(k, _ []byte) error { return fn(fold.StoryID(be64(k))) })
}

func (w *writer) States(fn func(*aggregator.SourceState) error) error {
	return w.sources.ForEach(func(k, v []byte) error {
		st, err := decode[aggregator.SourceState](k, v, "source "+string(k))
		if err != nil {
			return err
		}
		return fn(st)
	})
}

func (w *writer) Currents(fn func(aggregator.SourceID, []fold.StoryID) error) error {
	return w.current.ForEach(func(k, v []byte) error {
		return fn(aggregator.SourceID(be64(k)), decodeCurrent(v))
	})
}

func (w *writer) BuiltTopics() ([]aggregator.TopicKey, error) {
	var out []aggregator.TopicKey
	err := w.tx.Bucket(bucketTopicMeta).ForEach(func(k, _ []byte) error {
		out = append(out, aggregator.TopicKey(be64(k)))
		return nil
	})
	return out, err
}

func (w *writer) Generation() (uint64, error) {
	if v := w.tx.Bucket(bucketMeta).Get(keyGeneration); len(v) == 8 {
		return be64(v), nil
	}
	return 0, nil
}

func (w *writer) MarkTopicBuilt(k aggregator.TopicKey) error {
	return w.tx.Bucket(bucketTopicMeta).Put(u64(uint64(k)), []byte{1})
}

func (w *writer) SetGeneration(g uint64) error {
	return w.tx.Bucket(bucketMeta).Put(keyGeneration, u64(g))
}
