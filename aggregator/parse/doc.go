// Package parse turns a fetched body into a gofeed.Feed that the
// normaliser can trust to read one way: characters decoded to UTF-8 (with
// the references XML forbids dropped), documents too large or nested too
// deep refused before gofeed sees them, a panic inside gofeed turned into
// an error, and every plain-text construct escaped so that every text
// field is HTML. Interval reads the polling hints a feed gives (RSS ttl,
// sy:updatePeriod).
package parse
