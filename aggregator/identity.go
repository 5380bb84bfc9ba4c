package aggregator

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// IdentityMode is how a source's items are identified within it.
type IdentityMode string

const (
	// IdentityGUID, the default, identifies an item by its GUID (RSS guid,
	// Atom id, JSON Feed id), falling back per item to its link and then to
	// a hash when the GUID is missing or not unique in the document.
	IdentityGUID IdentityMode = ""
	// IdentityLink identifies every item by its link (then a hash). A
	// source is switched to it, once and for good, when its GUIDs prove
	// unusable: none at all, one GUID on several articles, or GUIDs that
	// change between polls for the same link (see SourceState.Identity).
	IdentityLink IdentityMode = "link"
)

// Identity prefixes: an identity names how it was derived, so a GUID that
// happens to look like a URL never meets a link.
const (
	identGUID = "guid:"
	identLink = "link:"
	identHash = "hash:"
)

// Identify sets each item's identity within its source document in the
// default mode, IdentityGUID.
func Identify(items []Item) { IdentifyAs(items, IdentityGUID) }

// IdentifyAs sets each item's identity within its source document: in
// IdentityGUID mode its GUID when present and unique in the document, else
// its link when unique, else a hash of title, date and content; in
// IdentityLink mode the link, else the hash. A GUID or link that two items
// of one document share identifies neither, so both fall back. The link
// compared is the canonical one (LinkKey), so a link whose tracking
// parameters change between polls keeps its identity.
func IdentifyAs(items []Item, mode IdentityMode) {
	guids := map[string]int{}
	links := map[string]int{}
	for i := range items {
		if g := items[i].GUID; g != "" {
			guids[g]++
		}
		if l := LinkKey(&items[i]); l != "" {
			links[l]++
		}
	}
	for i := range items {
		it := &items[i]
		link := LinkKey(it)
		switch {
		case mode == IdentityGUID && it.GUID != "" && guids[it.GUID] == 1:
			it.Identity = identGUID + it.GUID
		case link != "" && links[link] == 1:
			it.Identity = identLink + link
		default:
			// Identical items in one document get one identity and are
			// stored once.
			it.Identity = identHash + itemHash(it)
		}
	}
}

// LinkKey is the link an item is identified by: its canonical URL, or its
// link as published when that has no canonical form (not http(s), or a
// URL that does not parse).
func LinkKey(it *Item) string {
	if it.CanonicalURL != "" {
		return it.CanonicalURL
	}
	return it.Link
}

// GUIDIdentity is the identity an item has by its GUID ("" without one).
func GUIDIdentity(it *Item) string {
	if it.GUID == "" {
		return ""
	}
	return identGUID + it.GUID
}

// LinkIdentity is the identity an item has by its link ("" without one).
func LinkIdentity(it *Item) string {
	if l := LinkKey(it); l != "" {
		return identLink + l
	}
	return ""
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
