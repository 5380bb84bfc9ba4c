package storetest

import "github.com/feedloom/feedloom/aggregator"

// The builders of the suite's items, for a backend's own tests (schema,
// scale, concurrency), so that every store is tested with the same items.

// T0 is the time the items are published around.
var T0 = t0

// Item is an item of source src published at T0+minutes, identified by
// its GUID id.
func Item(src, id string, minutes int) aggregator.Item { return item(src, id, minutes) }

// Raw is an item as the normaliser hands it over, not identified yet.
func Raw(src, guid, link, title string, minutes int) aggregator.Item {
	return raw(src, guid, link, title, minutes)
}

// NearItem is Raw with a summary, signed for near-duplicate folding.
func NearItem(src, guid, link, title, text string, minutes int) aggregator.Item {
	return nearItem(src, guid, link, title, text, minutes)
}

// DaysAgo is a signed item of src published days before T0.
func DaysAgo(src, id string, days int) aggregator.Item { return daysAgo(src, id, days) }

// Result is a parsed document of src holding items.
func Result(src string, items ...aggregator.Item) *aggregator.SourceResult {
	return result(src, items...)
}

// Texts of one event: a wire story (and its update) that two outlets
// carry, and an outlet's own report of it.
const (
	WireLede        = wireLede
	WireLedeUpdated = wireLedeUpdated
	OwnReport       = ownReport
)
