package aggregator

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/feedloom/feedloom/aggregator/canon"
	"github.com/feedloom/feedloom/aggregator/itemdigest"
	"github.com/feedloom/feedloom/aggregator/sanitize"
	gojson "github.com/goccy/go-json"
	"github.com/mmcdole/gofeed"
)

// Most polls of a changed document find one new item among fifty that are
// as the store holds them already. An item is normalised (sanitised,
// fingerprinted, topic-matched) and rewritten only when it changed: its
// raw digest (rawDigest) must be among those the source's last parsed
// document left (SourceState.Digests), under the same generation
// (SourceState.Generation: everything besides the item itself that decides
// its normalised form). An unchanged item travels to the writer with its
// identity only (Incoming.Known) and the writer folds it as Unchanged when
// its identity finds the stored item; otherwise it is normalised in full
// there (Incoming.Complete).

// normaliseVersion names how items are normalised. Bump it with every
// change to normalising (normalise.go and the packages it calls) or to
// topic matching: the next poll of every source then processes every item
// again instead of trusting what an older build stored.
const normaliseVersion = "feedloom normalise v1"

// Digests are the raw digests (rawDigest) of the items of a source's last
// parsed document that the next poll may carry by identity only.
type Digests = itemdigest.Set

// generation hashes everything besides the items themselves that decides
// how a document's items are normalised and stored: the normaliser's
// version, the source's URL and OPML settings, the document's URL and the
// channel fields items inherit (site link, language, podcast data), and
// extra, the caller's share (the topics that read the source's items).
// The channel's dates and its own title are left out: they change with
// every new item and decide nothing about the old ones.
func generation(src *Source, doc *gofeed.Feed, feedURL string, extra uint64) uint64 {
	h := sha256.New()
	w := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	w(normaliseVersion)
	w(src.URL)
	w(fmt.Sprint(src.MaxItems))
	w(feedURL)
	w(doc.Link)
	w(doc.Language)
	writeJSON(h, doc.ITunesExt)
	writeJSON(h, doc.Extensions["podcast"])
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], extra)
	h.Write(b[:])
	return binary.BigEndian.Uint64(h.Sum(nil)[:8])
}

// identities returns each item with what identifies it (known) and its
// digest: a hash of the parsed item as the normaliser reads it (every
// field gofeed gave, extensions included), of whether its dates lie too
// far in the future at now (which decides whether they are clamped), and
// of the identities it has in the document in either identity mode (which
// depend on the other items). The identities are those of the known
// items, so a hash identity is one of title, date and link only; it is
// stable from poll to poll all the same.
func (n *Normaliser) identities(src *Source, items []*gofeed.Item, base *url.URL, lang string, now time.Time) ([]Item, []uint64) {
	scratch := cuts{} // the full normalisation notes the item's cuts
	byGUID := make([]Item, len(items))
	for i, gi := range items {
		byGUID[i] = n.known(src, gi, base, lang, now, scratch)
	}
	byLink := slices.Clone(byGUID)
	IdentifyAs(byGUID, IdentityGUID)
	IdentifyAs(byLink, IdentityLink)
	keys := make([]uint64, len(items))
	limit := now.Add(FutureTolerance)
	for i, gi := range items {
		h := sha256.New()
		writeJSON(h, gi)
		var flags byte
		if gi.PublishedParsed != nil && gi.PublishedParsed.After(limit) {
			flags |= 1
		}
		if gi.UpdatedParsed != nil && gi.UpdatedParsed.After(limit) {
			flags |= 2
		}
		h.Write([]byte{0, flags})
		h.Write([]byte(byGUID[i].Identity))
		h.Write([]byte{0})
		h.Write([]byte(byLink[i].Identity))
		keys[i] = binary.BigEndian.Uint64(h.Sum(nil)[:8])
	}
	return byGUID, keys
}

// reusable reports whether an item may be carried by identity only: its
// digest is among those of the source's last parsed document (under the
// same generation), and a GUID or link identifies it, not a hash of its
// content, which only the full normalisation gives.
func reusable(it *Item, key uint64, prev Digests) bool {
	return prev.Has(key) && (it.Identity == GUIDIdentity(it) || it.Identity == LinkIdentity(it))
}

// writeJSON writes v's JSON to h, map keys sorted, so the same value
// always writes the same bytes. go-json writes encoding/json's bytes
// (TestItemDigestJSONOverTheCorpus, FuzzItemDigestJSON), so the digests
// stored by earlier builds still match, in less than half the time.
func writeJSON(h hash.Hash, v any) {
	enc := gojson.NewEncoder(h)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Parsed feeds hold only strings, numbers, times and maps of
		// them; a value that does not encode still changes the digest.
		h.Write([]byte(err.Error()))
	}
}

// known is an unchanged item with what identifies it and nothing else:
// GUID, links, plain-text title and dates, all computed exactly as
// Normaliser.item computes them, so the item's identity is the one it was
// stored under. The rest (sanitised HTML, fingerprint, hash, topics) is
// what the store holds already.
func (n *Normaliser) known(src *Source, gi *gofeed.Item, base *url.URL, lang string, now time.Time, cut cuts) Item {
	it := itemIdentity(src, gi, base, lang, cut)
	it.Title = boundTitle(sanitize.Text(gi.Title), cut)
	setDates(&it, gi, now)
	if it.Link != "" {
		if c, err := canon.URL(it.Link); err == nil {
			it.CanonicalURL = c
		}
	}
	return it
}

// itemIdentity is the start of a normalised item: its source, GUID,
// language and absolute link.
func itemIdentity(src *Source, gi *gofeed.Item, base *url.URL, lang string, cut cuts) Item {
	it := Item{SourceURL: src.URL, GUID: strings.TrimSpace(gi.GUID), Language: lang}
	if len(it.GUID) > MaxGUIDBytes {
		it.GUID = truncBytes(it.GUID, MaxGUIDBytes)
		cut.note(fmt.Sprintf("GUIDs cut to %d bytes", MaxGUIDBytes))
	}
	it.Link = boundURL(sanitize.URL(strings.TrimSpace(gi.Link), base), cut)
	if it.Link == "" {
		for _, l := range gi.Links {
			if it.Link = boundURL(sanitize.URL(strings.TrimSpace(l), base), cut); it.Link != "" {
				break
			}
		}
	}
	return it
}

// Reused is how many items are carried by identity only.
func (out *Normalised) Reused() int {
	n := 0
	for _, l := range out.later {
		if l != nil {
			n++
		}
	}
	return n
}

// total is the number of cuts noted.
func (c cuts) total() int {
	n := 0
	for _, k := range c {
		n += k
	}
	return n
}
