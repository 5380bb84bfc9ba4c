package store

import (
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// schema is a layout version and the migrations that reach it.
type schema struct {
	// version is the layout this build writes.
	version int
	// migrations[v] upgrades a schema-v database to v+1. Every migration
	// from the file's version up runs in the one transaction that also
	// records the new version, so a crash leaves the old layout or the
	// new one, never a mix.
	migrations map[int]func(tx *bolt.Tx) error
}

// builtinSchema is this build's layout and the migrations from every
// earlier one. A change to the layout adds migrations[v] (upgrading a
// version-v file to v+1) and raises SchemaVersion.
var builtinSchema = schema{version: SchemaVersion, migrations: map[int]func(tx *bolt.Tx) error{
	// 2 led the near-duplicate index with the day, 3 with a 72-hour span
	// (nearkey.go); both rebuild it from the item records.
	1: rebuildNear,
	2: rebuildNear,
	// 4 gives new stories sequential ids and keeps their output key in the
	// record; stories already stored keep their hashed ids, which are
	// their output keys, so nothing needs rewriting.
	3: func(*bolt.Tx) error { return nil },
	// 5 keeps each item's signature once, in the sigs bucket, instead of
	// in every near-duplicate index value and story record.
	4: rebuildNear,
	// 6 puts a checksum in front of every item, story and source record
	// (checksum.go), so a flipped bit is reported instead of published.
	5: sealRecords,
	// 7 compresses the records it writes from then on (recordS2 in
	// checksum.go); the records already stored stay as they are, and both
	// kinds are read. The version keeps an older feedloom, which would take
	// a compressed record for damage, from opening the file.
	6: func(*bolt.Tx) error { return nil },
	// 8 files new near-duplicate keys in a fresh tail of the index first
	// (freshSpan in nearkey.go). Nothing stored needs rewriting; the
	// version keeps an older feedloom, which would not look in the tail
	// and so miss near-duplicates, from writing to the file.
	7: func(*bolt.Tx) error { return nil },
	// 9 files new entries of the time and URL indexes in fresh tails too
	// (tails.go). Nothing stored needs rewriting; the version keeps an
	// older feedloom, which would not look in the tails, from opening the
	// file.
	8: func(*bolt.Tx) error { return nil },
}}

// sealRecords rewrites the bare JSON records of schema 5 as checksummed
// ones.
func sealRecords(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketItems, bucketStories, bucketSources} {
		b := tx.Bucket(name)
		if b == nil {
			continue
		}
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if _, err := unseal(k, v, false); err == nil {
				continue // sealed already
			}
			if len(v) == 0 || v[0] != '{' {
				return fmt.Errorf("%s record %x: %w", name, k, &RecordError{What: string(name), Err: fmt.Errorf("not a schema 5 record")})
			}
			key := slices.Clone(k)
			if err := b.Put(key, sealed(k, v, recordV1)); err != nil {
				return err
			}
			c.Seek(key) // a Put may move the cursor's page: find our place again
		}
	}
	return nil
}

// init checks the schema version, creates a fresh layout, or migrates an
// older one.
func (db *DB) init() error {
	sc := &builtinSchema
	if db.opts.schema != nil {
		sc = db.opts.schema
	}
	var version int
	missing := false
	err := db.view(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m != nil {
			if v := m.Get(keySchema); len(v) == 8 {
				version = int(be64(v))
			}
		}
		for _, name := range allBuckets {
			missing = missing || tx.Bucket(name) == nil
		}
		// A bucket name feedloom never writes is a damaged root page: the
		// bucket it hides would otherwise read as empty.
		return tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			if !slices.ContainsFunc(allBuckets, func(b []byte) bool { return string(b) == string(name) }) {
				return fmt.Errorf("%w: unknown bucket %q", ErrDamaged, name)
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("open database %s: %w", db.path, err)
	}
	switch {
	case version > sc.version:
		return fmt.Errorf("open database %s: %w (schema %d; this feedloom reads up to %d): upgrade feedloom, or restore a backup made by this version", db.path, ErrNewerSchema, version, sc.version)
	case version == sc.version && !missing:
		return nil
	case db.opts.ReadOnly:
		if version == 0 {
			return fmt.Errorf("open database %s: not initialised; run `feedloom refresh` first", db.path)
		}
		if version == sc.version {
			return nil // buckets that a read never needs are created by the next writer
		}
		return fmt.Errorf("open database %s: schema %d needs migrating; run `feedloom refresh` once", db.path, version)
	}
	return db.update(func(tx *bolt.Tx) error {
		if version > 0 {
			if err := sc.migrate(tx, version); err != nil {
				return fmt.Errorf("migrate database %s from schema %d to %d: %w (the file is unchanged)", db.path, version, sc.version, err)
			}
		}
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, u64(uint64(sc.version)))
	})
}

func (sc *schema) migrate(tx *bolt.Tx, from int) error {
	for v := from; v < sc.version; v++ {
		m, ok := sc.migrations[v]
		if !ok {
			return fmt.Errorf("no migration from schema %d", v)
		}
		if err := m(tx); err != nil {
			return fmt.Errorf("schema %d to %d: %w", v, v+1, err)
		}
	}
	return nil
}
