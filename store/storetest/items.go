package storetest

import (
	"fmt"
	"strings"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/canon"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
	"github.com/feedloom/feedloom/aggregator/sanitize"
)

// The sources of the behaviours.
const (
	srcA = "https://a.example/feed"
	srcB = "https://b.example/feed"
	srcC = "https://c.example/feed"
)

// t0 is the time the behaviours' items are published around.
var t0 = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// item builds an item of source src published at t0+minutes, identified
// already (by its GUID, id), as a store receives it once the pipeline has
// identified a document's items.
func item(src, id string, minutes int) aggregator.Item {
	return aggregator.Item{
		SourceURL: src, Identity: "guid:" + id, GUID: id,
		Link: "https://example.org/" + id, CanonicalURL: "example.org/" + id,
		Title: "Title " + id, Published: t0.Add(time.Duration(minutes) * time.Minute),
		Hash: uint64(len(id)),
	}
}

// raw builds an item as the normaliser hands it over before identities
// are settled: GUID, link (with its canonical form, as the normaliser
// computes it) and title, published at t0+minutes; Commit identifies it.
func raw(src, guid, link, title string, minutes int) aggregator.Item {
	it := aggregator.Item{
		SourceURL: src, GUID: guid, Link: link, Title: title,
		Published: t0.Add(time.Duration(minutes) * time.Minute),
	}
	if c, err := canon.URL(link); err == nil {
		it.CanonicalURL = c
	}
	it.Hash = hashOf(it.Title, it.Link, it.Summary, it.Published.String())
	return it
}

// rehash gives it the content hash of its current fields, as the
// normaliser would for a changed item.
func rehash(it *aggregator.Item) {
	it.Hash = hashOf(it.Title, it.Link, it.Summary, it.Content, it.Published.String())
}

// hashOf is an FNV-1a hash of parts: a stand-in for the normaliser's
// content hash.
func hashOf(parts ...string) uint64 {
	var h uint64 = 14695981039346656037
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h = (h ^ uint64(p[i])) * 1099511628211
		}
		h = (h ^ 0xff) * 1099511628211 // a separator no UTF-8 text holds
	}
	return h
}

// sign sets it's near-duplicate signature as the normaliser does: from
// its title and the start of its summary and content as plain text.
func sign(it *aggregator.Item) {
	content := it.Content
	if len(content) > 16<<10 {
		content = content[:16<<10]
	}
	text := strings.TrimSpace(sanitize.CleanText(it.Summary) + " " + sanitize.CleanText(content))
	it.Sig = fingerprint.Of(it.Title, text)
}

// nearItem is raw with a summary, signed.
func nearItem(src, guid, link, title, text string, minutes int) aggregator.Item {
	it := raw(src, guid, link, title, minutes)
	it.Summary = text
	rehash(&it)
	sign(&it)
	return it
}

// daysAgo is a signed item of src, published days before t0, each about
// a different phase of one long story (so none is a near-duplicate of
// another).
func daysAgo(src, id string, days int) aggregator.Item {
	it := raw(src, id, "https://"+id+".example/story", "Story "+id+" about the harbour works", -days*24*60)
	it.Summary = fmt.Sprintf("Story %s: the harbour works continue with a new phase of dredging, the council said on the day of the report number %d.", id, days)
	rehash(&it)
	sign(&it)
	return it
}

// result is a parsed document of src holding items.
func result(src string, items ...aggregator.Item) *aggregator.SourceResult {
	r := &aggregator.SourceResult{State: aggregator.SourceState{URL: src}, Parsed: true}
	for _, it := range items {
		r.Items = append(r.Items, aggregator.Incoming{Item: it})
	}
	return r
}

// withTopics gives every item of r the topics keys.
func withTopics(r *aggregator.SourceResult, keys ...aggregator.TopicKey) *aggregator.SourceResult {
	for i := range r.Items {
		r.Items[i].Topics = keys
	}
	return r
}

// Hand-written items about one event: a wire story carried by two
// outlets under their own URLs and headlines, and an outlet's own report
// of the same event under a headline identical to the wire copy's.
const (
	wireLede = "KATHMANDU, Nepal (AP) — A passenger plane carrying 72 people crashed into a gorge " +
		"while landing at a newly opened airport in the resort town of Pokhara on Sunday, killing " +
		"at least 68 people, officials said. Rescuers searched the burning wreckage for the four " +
		"people still missing. The Yeti Airlines ATR 72 had flown from the capital, Kathmandu."
	wireLedeUpdated = "KATHMANDU, Nepal (AP) — A passenger plane carrying 72 people crashed into a gorge " +
		"while landing at a newly opened airport in the resort town of Pokhara on Sunday, killing " +
		"at least 70 people, officials said. Rescuers searched the burning wreckage for the two " +
		"people still missing. The Yeti Airlines ATR 72 had flown from the capital, Kathmandu."
	ownReport = "Our correspondent in Pokhara describes scenes of grief at the hospital, where families " +
		"waited through the night for news. Nepal's aviation authority has opened an inquiry into the " +
		"crash, the country's worst in three decades, and grounded the airline's remaining aircraft."
)
