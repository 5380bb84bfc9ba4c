// Package store keeps feedloom's items, stories and source states in one
// bbolt file. It implements aggregator.Store.
//
// The layout follows the queries. Every index key is fixed-width and
// big-endian, so a cursor gives order for free: "newest N of a source" is a
// walk back from the end of that source's range, never a scan of the store.
//
//	meta       "schema" → version
//	sources    source URL → SourceState (JSON)
//	items      item seq (8) → itemRecord (JSON)
//	stories    story id (8) → storyRecord (JSON)
//	ident      source id (8) + identity hash (8) → item seq (8)
//	urls       canonical URL hash (16) → story id (8)
//	near       fingerprint key (8) + time (8) + story id (8) → nil
//	bysource   source id (8) + time (8) + story id (8) → nil
//	bytime     time (8) + story id (8) → nil
//	topics     topic key (8) + time (8) + story id (8) → nil
//	topicmeta  topic key (8) → build marker
//
// One writer: every change happens in Commit (or prune/compact), each in
// one transaction, so a crash at any moment leaves a database that opens,
// passes tx.Check and holds every committed batch.
package store
