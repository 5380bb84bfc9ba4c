// Package fingerprint decides whether two feed items from different
// sources are one article published under different URLs: the same text
// syndicated (MSN and biztoc copies, Ars Technica reprints), one wire story
// carried by several outlets (AP on ABC, NBC, the Washington Post, Fox), or
// a later version of it. It must keep apart different articles about one
// event, even under identical headlines, and texts assembled from the same
// stock phrases: a false merge hides news.
//
// Of turns an item's title and text into a Signature of about a hundred
// bytes: a hash of the whole headline, the hashes of its content words, the
// set of the first content words of the text's prose (the lede) and of
// their adjacent pairs, and the text's first names (numbers and
// capitalised names), which a copy repeats and an unrelated text does not.
// The store files each signature under its Keys, looks up candidates from
// other sources within its time window (72 hours by default) under the
// same keys, and asks Same (or Joins, for a story of several items). The
// rules are documented on Compare; README.md gives the figures measured on
// the labelled dev corpus and on the synthetic benchmark workload.
//
// The package is pure: no I/O, no state, deterministic across processes.
// Normalisation is tuned for English (stopwords, stemming, capitals);
// other languages still compare, with less precision.
package fingerprint
