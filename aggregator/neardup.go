package aggregator

import "github.com/feedloom/feedloom/aggregator/fingerprint"

// NearDup is the near-duplicate policy stores use: items are filed under
// their signature's keys, and a new item joins a candidate story when
// fingerprint.Joins says it is the same article as one of the story's
// items and contradicts none.
type NearDup struct{}

// Keys returns the keys an item is filed under.
func (NearDup) Keys(it *Item) []uint64 { return it.Sig.Keys() }

// LookupKeys returns the keys under which an item's candidates are found.
func (NearDup) LookupKeys(it *Item) []uint64 { return it.Sig.LookupKeys() }

// Same reports whether it and the item with signature sig are one article.
func (NearDup) Same(it *Item, sig fingerprint.Signature) bool { return fingerprint.Same(it.Sig, sig) }

// Joins reports whether it belongs to the story whose items have the
// given signatures.
func (NearDup) Joins(it *Item, members []fingerprint.Signature) bool {
	return fingerprint.Joins(it.Sig, members)
}
