// Package app holds feedloom's use cases: the sequences a command runs
// over the domain (aggregator), the store and the outputs. A refresh polls,
// carries moved sources over, prunes, publishes and judges the sources'
// health; an OPML edit reads, edits, validates and saves; a publish selects
// and renders unless the folder is up to date. cmd/feedloom turns flags
// into the options here, calls one function and prints what it returns;
// a future `serve` calls the same functions.
package app
