package fold

import (
	"fmt"
	"slices"
	"strings"

	"github.com/feedloom/feedloom/aggregator"
)

// An item is filed under every identity it has (identityKeys: its
// identity, its GUID, its link), each pointing at the item's seq and a
// hash of its link. The extra keys let a source switch from GUIDs to links
// without storing its items again, and the link hash lets a GUID seen again
// under another link be noticed without reading the stored item. The
// item's Identity key is always its own; the other keys are filed only when
// free (the first item to claim a GUID or link keeps it).

// identityKeys returns every identity under which an item is filed: its
// Identity first, then the identities it would have under the other mode
// (its GUID and its link).
func identityKeys(it *aggregator.Item) []string {
	keys := []string{it.Identity}
	if k := aggregator.GUIDIdentity(it); k != "" && k != it.Identity {
		keys = append(keys, k)
	}
	if k := aggregator.LinkIdentity(it); k != "" && k != it.Identity {
		keys = append(keys, k)
	}
	return keys
}

// lookup finds the stored item an incoming item is a new version of: the
// one filed under its identity, or, for an item identified by GUID, one
// filed under its link that had no GUID (a feed that started giving
// GUIDs).
func (f *folder) lookup(it *aggregator.Item) (uint64, bool, error) {
	if v, ok, err := f.tx.Ident(f.src, it.Identity); ok || err != nil {
		return v.Seq, ok, err
	}
	if gi := aggregator.GUIDIdentity(it); gi == "" || it.Identity != gi {
		return 0, false, nil
	}
	li := aggregator.LinkIdentity(it)
	if li == "" {
		return 0, false, nil
	}
	v, ok, err := f.tx.Ident(f.src, li)
	if !ok || err != nil {
		return 0, false, err
	}
	old, err := f.tx.Item(v.Seq)
	if err != nil || old == nil {
		return 0, false, err
	}
	return v.Seq, old.Item.GUID == "", nil
}

// fileIdentity files item seq (now cur, previously old when it is an
// update) under its identity keys, and withdraws the keys old had that
// cur no longer has.
func (f *folder) fileIdentity(seq uint64, old, cur *aggregator.Item) error {
	keys := identityKeys(cur)
	v := Ident{Seq: seq, Link: LinkHash(cur)}
	for i, k := range keys {
		if i > 0 {
			prev, ok, err := f.tx.Ident(f.src, k)
			if err != nil {
				return err
			}
			if ok && prev.Seq != seq {
				continue // another item claimed this GUID or link first
			}
		}
		if err := f.tx.FileIdent(f.src, k, v); err != nil {
			return err
		}
	}
	if old == nil {
		return nil
	}
	for _, k := range identityKeys(old) {
		if slices.Contains(keys, k) {
			continue
		}
		prev, ok, err := f.tx.Ident(f.src, k)
		if err != nil {
			return err
		}
		if ok && prev.Seq == seq {
			if err := f.tx.UnfileIdent(f.src, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// settleIdentity decides how the items of one parsed document are
// identified, switching the source (st) from GUIDs to links when the
// document or the store shows its GUIDs unusable, and identifies the items
// accordingly. The switch happens before any item is stored, so the
// document that reveals the problem is already stored without duplicates.
func (f *folder) settleIdentity(st *aggregator.SourceState, in []aggregator.Incoming) error {
	items := make([]aggregator.Item, len(in))
	unidentified := false
	for i := range in {
		items[i] = in[i].Item
		unidentified = unidentified || items[i].Identity == ""
	}
	if unidentified {
		aggregator.IdentifyAs(items, st.Identity)
	}
	if st.Identity == aggregator.IdentityGUID {
		reason := documentIdentityProblem(items)
		if reason == "" {
			var err error
			if reason, err = f.guidHistory(items); err != nil {
				return err
			}
		}
		if reason == "" {
			for i := range in {
				in[i].Item.Identity = items[i].Identity
			}
			return nil
		}
		st.Identity, st.IdentityReason = aggregator.IdentityLink, reason
	}
	aggregator.IdentifyAs(items, st.Identity)
	completeHashed(in, items, st.Identity)
	for i := range in {
		in[i].Item.Identity = items[i].Identity
	}
	return nil
}

// guidHistory compares a document's GUIDs with what the source stored
// before: a GUID now on another article, or most known links arriving
// under new GUIDs, makes the source's GUIDs unusable.
//
// A new GUID on a known link counts as changed only when the GUID stored
// under that link is gone from the document: a feed whose items share a
// link (podcast episodes that all link to the show) adds a new GUID there
// while the old one stays.
func (f *folder) guidHistory(items []aggregator.Item) (string, error) {
	changed, stable := 0, 0
	listed := make(map[string]bool, len(items))
	for i := range items {
		listed[items[i].GUID] = true
	}
	for i := range items {
		it := &items[i]
		gi := aggregator.GUIDIdentity(it)
		if gi == "" || it.Identity != gi {
			continue
		}
		v, ok, err := f.tx.Ident(f.src, gi)
		if err != nil {
			return "", err
		}
		if ok {
			if v.Link != LinkHash(it) {
				old, err := f.tx.Item(v.Seq)
				if err != nil {
					return "", err
				}
				if old != nil && guidReused(&old.Item, it) {
					return reusedGUIDReason(it.GUID), nil
				}
			}
			stable++
			continue
		}
		li := aggregator.LinkIdentity(it)
		if li == "" {
			continue
		}
		v, ok, err = f.tx.Ident(f.src, li)
		if err != nil {
			return "", err
		}
		if ok {
			old, err := f.tx.Item(v.Seq)
			if err != nil {
				return "", err
			}
			if old != nil && old.Item.GUID != "" && old.Item.GUID != it.GUID && !listed[old.Item.GUID] {
				changed++
			}
		}
	}
	if guidsUnstable(changed, stable) {
		return reasonChangingGUIDs, nil
	}
	return "", nil
}

// documentIdentityProblem says why one document's GUIDs cannot identify
// its items, or returns "" when they can: no item has a GUID, or one GUID
// is given to items with different links (a CMS that puts the feed's URL,
// or "1", in every guid). Two copies of one item (same GUID, same link)
// are not a problem.
func documentIdentityProblem(items []aggregator.Item) string {
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
		l := aggregator.LinkKey(it)
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

// guidReused reports whether cur, which carries the GUID of the stored
// item old, is in fact another article: both its link and its title
// differ. An edited title under the same link, or a corrected link under
// the same title, is the same item updated.
func guidReused(old, cur *aggregator.Item) bool {
	ol, cl := aggregator.LinkKey(old), aggregator.LinkKey(cur)
	if ol == "" || cl == "" || ol == cl {
		return false
	}
	return !strings.EqualFold(strings.TrimSpace(old.Title), strings.TrimSpace(cur.Title))
}

// guidsUnstable decides, from one poll, whether a source's GUIDs change
// between polls: changed items arrived with a new GUID for a link the
// source already gave under another GUID, stable ones with a GUID already
// stored. Most of the document changing is the pattern of a feed that
// regenerates its GUIDs on every build; a single re-posted link in an
// otherwise stable feed is not.
func guidsUnstable(changed, stable int) bool { return changed > 0 && changed >= stable }

// Reasons recorded in SourceState.IdentityReason for GUIDs that change or
// are reused between polls.
const (
	reasonChangingGUIDs = "the feed gives the same links new guids between polls"
	reasonReusedGUID    = "guid %q was reused for a different article"
)

func reusedGUIDReason(guid string) string { return fmt.Sprintf(reasonReusedGUID, clipGUID(guid)) }

func clipGUID(g string) string {
	if r := []rune(g); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return g
}

// Forget withdraws item seq of source src, about to be deleted, from the
// identity index: every key it was filed under that still names it.
func Forget(tx Tx, src aggregator.SourceID, seq uint64, it *aggregator.Item) error {
	for _, k := range identityKeys(it) {
		prev, ok, err := tx.Ident(src, k)
		if err != nil {
			return err
		}
		if ok && prev.Seq == seq {
			if err := tx.UnfileIdent(src, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// FiledKeys returns the identity keys of item seq (of source src) that
// name it: what a copy of the store must file for it again.
func FiledKeys(tx Tx, src aggregator.SourceID, seq uint64, it *aggregator.Item) ([]string, error) {
	var out []string
	for _, k := range identityKeys(it) {
		v, ok, err := tx.Ident(src, k)
		if err != nil {
			return nil, err
		}
		if ok && v.Seq == seq {
			out = append(out, k)
		}
	}
	return out, nil
}
