// Package store keeps feedloom's items, stories and source states in one
// bbolt file. It implements aggregator.Store, plus the maintenance the
// command line offers: Prune, Compact, Backup and Verify.
//
// The layout follows the queries. Every index key is fixed-width and
// big-endian, so a cursor gives order for free: "newest N of a source" is a
// walk back from the end of that source's range, never a scan of the store.
//
//	meta       "schema" → version, "generation" → change counter, "checked" → last record walk
//	sources    source URL → SourceState (sealed JSON)
//	items      item seq (8) → fold.ItemRecord (sealed JSON: the item, its story, its topics and near keys)
//	stories    story id (8) → fold.Story (sealed JSON: position, updated, members, output key)
//	ident      source id (8) + identity hash (8) → item seq (8) + link hash (8)
//	urls       canonical URL hash (16) → story id (8);
//	           new entries wait under 2⁶⁴-1 (8) + hash (16), the fresh tail
//	           (tails.go); the bucket's sequence counts them
//	near       72h span (8) + fingerprint key (8) + time (8) + story id (8) → item seq (8);
//	           new keys wait under span 2⁶⁴-1, the fresh tail (nearkey.go); the
//	           bucket's sequence counts them
//	sigs       item seq (8) → source id (8) + near-duplicate signature
//	bysource   source id (8) + time (8) + story id (8) → nil
//	bytime     time (8) + story id (8) → nil;
//	           new entries wait under 2⁶⁴-1 (8) + story id (8) + time (8)
//	topics     topic key (8) + time (8) + story id (8) → nil
//	topicmeta  topic key (8) → build marker
//	current    source id (8) → story ids (8 each) of its last parsed document
//
// Sealed records (checksum.go) are 0x01, a CRC-32C of key and value, then
// the JSON, so a flipped bit in either is reported as damage, not read.
//
// An item is filed in ident under each identity it has (identity.go), so
// a source whose GUIDs prove unusable switches to links without storing
// its items again. A story's time is its first item's date and never
// moves; every index key of the story uses it.
//
// One writer: every change happens in Commit, Prune, BuildTopic or
// DropTopics, each in transactions that leave a consistent state, so a
// crash at any moment leaves a database that opens, passes tx.Check and
// Verify, and holds every committed batch. Compact and Backup write new
// files beside the old and rename them into place.
//
// Schema: SchemaVersion is checked on open; an older file is migrated in
// one transaction (schema.go), a newer one refused with ErrNewerSchema.
package store
