package aggregator

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Identify sets each item's identity within its source document: its GUID
// when present and unique in the document, else its link when unique, else
// a hash of title, date and content. A GUID or link that two items of one
// document share identifies neither, so both fall back.
func Identify(items []Item) {
	guids := map[string]int{}
	links := map[string]int{}
	for i := range items {
		if g := items[i].GUID; g != "" {
			guids[g]++
		}
		if l := items[i].Link; l != "" {
			links[l]++
		}
	}
	for i := range items {
		it := &items[i]
		switch {
		case it.GUID != "" && guids[it.GUID] == 1:
			it.Identity = "guid:" + it.GUID
		case it.Link != "" && links[it.Link] == 1:
			it.Identity = "link:" + it.Link
		default:
			// Identical items in one document get one identity and are
			// stored once.
			it.Identity = "hash:" + itemHash(it)
		}
	}
}

func itemHash(it *Item) string {
	h := sha256.New()
	h.Write([]byte(it.Title))
	h.Write([]byte{0})
	if it.DateOrigin == DateFromFeed {
		h.Write([]byte(it.Published.Format(time.RFC3339Nano)))
	}
	h.Write([]byte{0})
	h.Write([]byte(it.Link))
	h.Write([]byte{0})
	h.Write([]byte(it.Summary))
	h.Write([]byte{0})
	h.Write([]byte(it.Content))
	return hex.EncodeToString(h.Sum(nil)[:16])
}
