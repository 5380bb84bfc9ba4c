//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

// releaseMapping is a no-op where the mapping cannot be found.
func (db *DB) releaseMapping() {}

// mappingBudget: see release_linux.go.
const mappingBudget = 64 << 20

// releaseTx and trimMapping are no-ops where releaseMapping is.
func (db *DB) releaseTx(*bolt.Tx)   {}
func (db *DB) trimMapping(*bolt.Tx) {}
