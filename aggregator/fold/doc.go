// Package fold holds the story core: the rules that fold a source's items
// into stories. An item arriving again is an update of the stored one (its
// identity decides which); a new item joins the story of an item with the
// same canonical URL, or a near-duplicate from another source within the
// window, or starts a story of its own. A source whose GUIDs prove
// unusable is switched to identifying its items by their links, once and
// for good, before any item of the document that shows it is stored.
//
// The rules work against Tx, the narrow view of one store transaction that
// every backend provides (bbolt's buckets, PostgreSQL's tables), so they
// are written, and tested, once.
package fold
