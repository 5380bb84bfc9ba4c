// Package aggregator holds feedloom's domain: the sources, categories and
// topics an OPML file declares, the items and stories they produce, and the
// pipeline stages that turn one into the other (schedule, fetch, parse,
// normalise, identify). It knows nothing of how items are stored or rendered:
// the store and output packages adapt it, and cmd/feedloom wires them.
package aggregator
