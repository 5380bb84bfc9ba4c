//go:build pending

package aggregator

import "github.com/feedloom/feedloom/aggregator/fingerprint"

// NearDup is the near-duplicate policy stores use: items are filed under
// their signature's keys and merged when fingerprint.Same says they are one
// article.
type NearDup struct{}

// Keys returns the index keys of an item's signature.
func (NearDup) Keys(it *Item) []uint64 { return it.Sig.Keys() }

// Same reports whether two items are one article.
func (NearDup) Same(a, b *Item) bool { return fingerprint.Same(a.Sig, b.Sig) }
