package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/feedloom/feedloom/store/dump"
	"github.com/jackc/pgx/v5"
)

// forgetEvery is how many stories a copy reads or writes between two
// clearings of the writer's cache, so a copy of any size runs in bounded
// memory.
const forgetEvery = 512

// Export calls fn with one consistent, read-only snapshot of the store,
// for a copy (package dump). Writers go on meanwhile.
func (db *DB) Export(ctx context.Context, fn func(dump.ReadTx) error) error {
	err := db.view(ctx, func(tx pgx.Tx) error {
		return fn(&copier{writer: newWriter(ctx, tx, db), db: db})
	})
	if err != nil {
		return fmt.Errorf("read %s: %w", db.path, err)
	}
	return nil
}

// Import calls fn with one transaction of the store, which must be empty,
// to receive a copy (package dump); nothing is stored unless fn succeeds.
// It is tried once, never retried: fn reads its records from a stream
// that a second attempt would find half consumed.
func (db *DB) Import(ctx context.Context, fn func(dump.WriteTx) error) error {
	err := db.try(ctx, func(w *writer) error {
		var sources, stories bool
		err := w.tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM sources), EXISTS (SELECT 1 FROM stories)`).Scan(&sources, &stories)
		if err != nil {
			return err
		}
		if sources || stories {
			return errors.New("it already holds sources or stories; copy into a new, empty database")
		}
		c := &copier{writer: w, db: db}
		if err := fn(c); err != nil {
			return err
		}
		return c.send()
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", db.path, err)
	}
	return nil
}

// Backup writes a logical dump of one consistent snapshot of the store to
// dest (package dump), which `feedloom restore` loads into either backend.
func (db *DB) Backup(ctx context.Context, dest string) (int64, error) {
	return dump.WriteFile(ctx, dest, func(fn func(dump.ReadTx) error) error { return db.Export(ctx, fn) })
}

// copier is the writer as a copy reads and writes through it.
type copier struct {
	*writer
	db *DB
	n  int
}

var (
	_ dump.ReadTx  = (*copier)(nil)
	_ dump.WriteTx = (*copier)(nil)
)

// forget clears the writer's cache every forgetEvery stories, after
// sending what it queued.
func (c *copier) forget() error {
	if c.n++; c.n%forgetEvery != 0 {
		return nil
	}
	if err := c.send(); err != nil {
		return err
	}
	fresh := newWriter(c.ctx, c.tx, c.db)
	fresh.want = c.want
	c.writer = fresh
	return nil
}

// ids reads the int64 first column of a query's rows.
func (c *copier) ids(sql string) ([]int64, error) {
	var out []int64
	err := each(c.ctx, c.tx, sql, nil, func(rows pgx.Rows) error {
		var v int64
		err := rows.Scan(&v)
		out = append(out, v)
		return err
	})
	return out, err
}

func (c *copier) Stories(fn func(fold.StoryID) error) error {
	ids, err := c.ids(`SELECT id FROM stories ORDER BY id`)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := c.forget(); err != nil {
			return err
		}
		if err := fn(fold.StoryID(id)); err != nil {
			return err
		}
	}
	return nil
}

func (c *copier) States(fn func(*aggregator.SourceState) error) error {
	var states []*aggregator.SourceState
	err := each(c.ctx, c.tx, `SELECT url, state FROM sources ORDER BY url`, nil, func(rows pgx.Rows) error {
		var url string
		var v []byte
		if err := rows.Scan(&url, &v); err != nil {
			return err
		}
		st, err := decode[aggregator.SourceState](v, "source "+url)
		states = append(states, st)
		return err
	})
	if err != nil {
		return err
	}
	for _, st := range states {
		if err := fn(st); err != nil {
			return err
		}
	}
	return nil
}

func (c *copier) Currents(fn func(aggregator.SourceID, []fold.StoryID) error) error {
	type current struct {
		src aggregator.SourceID
		ids []fold.StoryID
	}
	var all []current
	err := each(c.ctx, c.tx, `SELECT source, stories FROM current ORDER BY source`, nil, func(rows pgx.Rows) error {
		var src int64
		var ids []int64
		if err := rows.Scan(&src, &ids); err != nil {
			return err
		}
		cur := current{src: aggregator.SourceID(src)}
		for _, id := range ids {
			cur.ids = append(cur.ids, fold.StoryID(id))
		}
		all = append(all, cur)
		return nil
	})
	if err != nil {
		return err
	}
	for _, cur := range all {
		if err := fn(cur.src, cur.ids); err != nil {
			return err
		}
	}
	return nil
}

func (c *copier) BuiltTopics() ([]aggregator.TopicKey, error) {
	ids, err := c.ids(`SELECT topic FROM topicmeta`)
	out := make([]aggregator.TopicKey, len(ids))
	for i, v := range ids {
		out[i] = aggregator.TopicKey(v)
	}
	return out, err
}

func (c *copier) Generation() (uint64, error) {
	var g int64
	err := c.tx.QueryRow(c.ctx, `SELECT coalesce(sum(n), 0)::bigint FROM generation`).Scan(&g)
	return uint64(g), err
}

func (c *copier) MarkTopicBuilt(k aggregator.TopicKey) error {
	return c.write(`INSERT INTO topicmeta (topic) VALUES ($1) ON CONFLICT DO NOTHING`, int64(k))
}

func (c *copier) SetGeneration(g uint64) error {
	if err := c.write(`DELETE FROM generation`); err != nil {
		return err
	}
	return c.write(`INSERT INTO generation (shard, n) VALUES (0, $1)`, int64(g))
}

// PutStory counts the stories a copy writes, to clear the cache now and
// then.
func (c *copier) PutStory(id fold.StoryID, s *fold.Story) error {
	if err := c.writer.PutStory(id, s); err != nil {
		return err
	}
	return c.forget()
}
