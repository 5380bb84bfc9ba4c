// Package pgstore keeps feedloom's items, stories and source states in
// PostgreSQL, so that several refresh processes, on several machines, can
// share one store. It behaves like the bbolt store (package store) for
// everything the rest of feedloom uses: the story rules themselves live in
// aggregator/fold, and this package is their Tx over a PostgreSQL
// transaction, plus the reads and the maintenance the store offers.
//
// The tables follow the bbolt buckets, one row per key (schema.go):
//
//	sources     url → state (JSON)
//	items       seq → source, story, fold.ItemRecord (JSON)
//	stories     id → time, fold.Story (JSON); its (time, id) index is the time index
//	ident       (source, identity hash) → item seq, link hash
//	urls        canonical URL hash → story
//	near        (fingerprint key, time, story) → item seq
//	sigs        item seq → source, near-duplicate signature
//	bysource    (source, time, story)
//	topics      (topic, time, story)
//	topicmeta   topic, once its membership is built
//	current     source → the stories of its last parsed document
//	generation  shard → change count; the generation is their sum
//
// Ids and keys that fold gives as uint64 are stored as the int64 of the
// same bits. Times are fold.TimeKey values, stored as the nanoseconds they
// encode, so that SQL order is time order; the other keys are only ever
// compared for equality, where the sign does not matter.
//
// Every change runs in a SERIALIZABLE transaction that a process begins
// once it holds the store's write lock, a session advisory lock (retry.go):
// writers of every process take turns, as bbolt's one writer does, while
// the fetching and parsing around their commits runs in parallel. Without
// the lock, PostgreSQL's serializable checks (which track reads by index
// page, and by whole table past a few dozen pages) refused most commits of
// three refreshers on one store although their sources shared no story;
// with it, the unique keys on identities and canonical URLs and the retry
// on serialization failures, deadlocks and unique violations remain as a
// safety net. Readers use read-only snapshots and never wait for a writer.
//
// Several refreshers share the work through leases, per-host slots and a
// publish lock (shared.go).
package pgstore
