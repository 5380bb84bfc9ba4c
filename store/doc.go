// Package store keeps feedloom's items, stories and source states in one
// bbolt file. It implements aggregator.Store, plus the maintenance the
// command line offers: Prune, Compact, Backup and Verify.
//
// The layout follows the queries. Every index key is fixed-width and
// big-endian, so a cursor gives order for free: "newest N of a source" is a
// walk back from the end of that source's range, never a scan of the store.
//
//	meta       "schema" → version
//	sources    source URL → SourceState (JSON)
//	items      item seq (8) → itemRecord (JSON: the item, its story, its topics and near keys)
//	stories    story id (8) → storyRecord (JSON: position, updated, members)
//	ident      source id (8) + identity hash (8) → item seq (8) + link hash (8)
//	urls       canonical URL hash (16) → story id (8)
//	near       72h span (8) + fingerprint key (8) + time (8) + story id (8) → source id + signature
//	bysource   source id (8) + time (8) + story id (8) → nil
//	bytime     time (8) + story id (8) → nil
//	topics     topic key (8) + time (8) + story id (8) → nil
//	topicmeta  topic key (8) → build marker
//	current    source id (8) → story ids of its last parsed document
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
