package store

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"strings"

	"github.com/feedloom/feedloom/aggregator"
)

// An item is filed in the ident bucket under every identity it has
// (aggregator.IdentityKeys: its identity, its GUID, its link), each
// pointing at the item's seq and a hash of its link:
//
//	source id (8) + identity hash (8) → item seq (8) + link hash (8)
//
// The extra keys let a source switch from GUIDs to links without storing
// its items again, and the link hash lets a GUID seen again under another
// link be noticed without decoding the stored item. The item's Identity
// key is always its own; the other keys are filed only when free (the
// first item to claim a GUID or link keeps it).

func identValue(seq uint64, it *aggregator.Item) []byte {
	var b [16]byte
	binary.BigEndian.PutUint64(b[0:], seq)
	binary.BigEndian.PutUint64(b[8:], linkHash(it))
	return b[:]
}

// parseIdent splits an ident value; link is 0 when unknown.
func parseIdent(v []byte) (seq, link uint64) {
	seq = be64(v)
	if len(v) >= 16 {
		link = be64(v[8:])
	}
	return seq, link
}

// linkHash is a hash of an item's link key, never 0 for an item with a
// link and 0 for one without.
func linkHash(it *aggregator.Item) uint64 {
	l := aggregator.LinkKey(it)
	if l == "" {
		return 0
	}
	h := sha256.Sum256([]byte(l))
	return max(binary.BigEndian.Uint64(h[:8]), 1)
}

// lookup finds the stored item an incoming item of source src is a new
// version of: the one filed under its identity, or, for an item
// identified by GUID, one filed under its link that had no GUID (a feed
// that started giving GUIDs).
func (w *writer) lookup(src aggregator.SourceID, it *aggregator.Item) (uint64, bool, error) {
	if v := w.ident.Get(identKey(src, it.Identity)); v != nil {
		seq, _ := parseIdent(v)
		return seq, true, nil
	}
	if !strings.HasPrefix(it.Identity, "guid:") {
		return 0, false, nil
	}
	li := aggregator.LinkIdentity(it)
	if li == "" {
		return 0, false, nil
	}
	v := w.ident.Get(identKey(src, li))
	if v == nil {
		return 0, false, nil
	}
	seq, _ := parseIdent(v)
	old, err := w.item(seq)
	if err != nil || old == nil {
		return 0, false, err
	}
	return seq, old.Item.GUID == "", nil
}

// fileIdentity files item seq (now cur, previously old when it is an
// update) under its identity keys, and withdraws the keys old had that
// cur no longer has.
func (w *writer) fileIdentity(src aggregator.SourceID, seq uint64, old, cur *aggregator.Item) error {
	keys := aggregator.IdentityKeys(cur)
	v := identValue(seq, cur)
	for i, k := range keys {
		ik := identKey(src, k)
		if i > 0 {
			if prev := w.ident.Get(ik); prev != nil {
				if s, _ := parseIdent(prev); s != seq {
					continue // another item claimed this GUID or link first
				}
			}
		}
		if err := w.ident.Put(ik, v); err != nil {
			return err
		}
	}
	if old == nil {
		return nil
	}
	for _, k := range aggregator.IdentityKeys(old) {
		if !slices.Contains(keys, k) {
			if err := w.unfileIdentity(src, seq, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// unfileIdentity deletes identity key k of source src if it points at
// item seq.
func (w *writer) unfileIdentity(src aggregator.SourceID, seq uint64, k string) error {
	ik := identKey(src, k)
	if v := w.ident.Get(ik); v != nil {
		if s, _ := parseIdent(v); s == seq {
			return w.ident.Delete(ik)
		}
	}
	return nil
}

// settleIdentity decides how the items of one parsed document of source
// src are identified, switching the source (st) from GUIDs to links when
// the document or the store shows its GUIDs unusable, and identifies the
// items accordingly. The switch happens before any item is stored, so the
// document that reveals the problem is already stored without duplicates.
func (w *writer) settleIdentity(src aggregator.SourceID, st *aggregator.SourceState, in []aggregator.Incoming) error {
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
		reason := aggregator.DocumentIdentityProblem(items)
		if reason == "" {
			var err error
			if reason, err = w.guidHistory(src, items); err != nil {
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
	for i := range in {
		in[i].Item.Identity = items[i].Identity
	}
	return nil
}

// guidHistory compares a document's GUIDs with what the source stored
// before: a GUID now on another article, or most known links arriving
// under new GUIDs, makes the source's GUIDs unusable.
func (w *writer) guidHistory(src aggregator.SourceID, items []aggregator.Item) (string, error) {
	changed, stable := 0, 0
	for i := range items {
		it := &items[i]
		gi := aggregator.GUIDIdentity(it)
		if gi == "" || it.Identity != gi {
			continue
		}
		if v := w.ident.Get(identKey(src, gi)); v != nil {
			seq, lh := parseIdent(v)
			if lh != linkHash(it) {
				old, err := w.item(seq)
				if err != nil {
					return "", err
				}
				if old != nil && aggregator.GUIDReused(&old.Item, it) {
					return aggregator.ReusedGUIDReason(it.GUID), nil
				}
			}
			stable++
			continue
		}
		li := aggregator.LinkIdentity(it)
		if li == "" {
			continue
		}
		if v := w.ident.Get(identKey(src, li)); v != nil {
			seq, _ := parseIdent(v)
			old, err := w.item(seq)
			if err != nil {
				return "", err
			}
			if old != nil && old.Item.GUID != "" && old.Item.GUID != it.GUID {
				changed++
			}
		}
	}
	if aggregator.GUIDsUnstable(changed, stable) {
		return aggregator.ReasonChangingGUIDs, nil
	}
	return "", nil
}
