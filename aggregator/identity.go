package aggregator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
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

// IdentityKeys returns every identity under which a store files an item:
// its Identity first, then the identities it would have under the other
// mode (its GUID and its link). Filing all of them is what lets a source
// switch from GUIDs to links without storing its items a second time.
func IdentityKeys(it *Item) []string {
	keys := []string{it.Identity}
	if it.GUID != "" {
		if k := identGUID + it.GUID; k != it.Identity {
			keys = append(keys, k)
		}
	}
	if l := LinkKey(it); l != "" {
		if k := identLink + l; k != it.Identity {
			keys = append(keys, k)
		}
	}
	return keys
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

// DocumentIdentityProblem says why one document's GUIDs cannot identify
// its items, or returns "" when they can: no item has a GUID, or one GUID
// is given to items with different links (a CMS that puts the feed's URL,
// or "1", in every guid). Two copies of one item (same GUID, same link)
// are not a problem.
func DocumentIdentityProblem(items []Item) string {
	if len(items) == 0 {
		return ""
	}
	linkOf := map[string]string{}
	hasGUID := false
	for i := range items {
		it := &items[i]
		if it.GUID == "" {
			continue
		}
		hasGUID = true
		l := LinkKey(it)
		if prev, ok := linkOf[it.GUID]; ok && prev != l {
			return fmt.Sprintf("guid %q is given to several different items of one document", clipGUID(it.GUID))
		}
		linkOf[it.GUID] = l
	}
	if !hasGUID {
		return "the feed gives its items no guid"
	}
	return ""
}

// GUIDReused reports whether cur, which carries the GUID of the stored
// item old, is in fact another article: both its link and its title
// differ. An edited title under the same link, or a corrected link under
// the same title, is the same item updated.
func GUIDReused(old, cur *Item) bool {
	ol, cl := LinkKey(old), LinkKey(cur)
	if ol == "" || cl == "" || ol == cl {
		return false
	}
	return !strings.EqualFold(strings.TrimSpace(old.Title), strings.TrimSpace(cur.Title))
}

// GUIDsUnstable decides, from one poll, whether a source's GUIDs change
// between polls: changed items arrived with a new GUID for a link the
// source already gave under another GUID, stable ones with a GUID already
// stored. Most of the document changing is the pattern of a feed that
// regenerates its GUIDs on every build; a single re-posted link in an
// otherwise stable feed is not.
func GUIDsUnstable(changed, stable int) bool { return changed > 0 && changed >= stable }

// Reasons recorded in SourceState.IdentityReason for GUIDs that change or
// are reused between polls.
const (
	ReasonChangingGUIDs = "the feed gives the same links new guids between polls"
	reasonReusedGUID    = "guid %q was reused for a different article"
)

// ReusedGUIDReason is the IdentityReason recorded when a GUID is reused.
func ReusedGUIDReason(guid string) string { return fmt.Sprintf(reasonReusedGUID, clipGUID(guid)) }

func clipGUID(g string) string {
	if r := []rune(g); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return g
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
