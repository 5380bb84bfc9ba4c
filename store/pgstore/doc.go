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
// Every change runs in a SERIALIZABLE transaction and is retried, from a
// fresh transaction, when PostgreSQL reports a serialization failure, a
// deadlock or a unique violation (retry.go): two workers that store the
// same story through two sources at once thus still end with one story.
// Readers use read-only snapshots and never wait for a writer.
//
// PostgreSQL tracks what a SERIALIZABLE transaction read by index page,
// and by whole table once it has read more than max_pred_locks_per_relation
// pages of one (32 with the default max_pred_locks_per_transaction of 64);
// two writers that read and write pages of the same tables then make one
// of them start over even when their sources share no story. A commit
// reads one page per new item's canonical URL and identity, so a server
// shared by several refreshers should raise max_pred_locks_per_transaction
// (to 1024, say). Writers use index scans only (retry.go): a sequential
// scan, which the planner picks for small tables, locks the whole table.
package pgstore
