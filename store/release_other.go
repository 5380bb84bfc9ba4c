//go:build !linux

package store

// releaseMapping is a no-op where the mapping cannot be found.
func (db *DB) releaseMapping() {}
