// Package opml reads, validates and edits the OPML file that declares
// feedloom's sources, categories, topics and word lists. Load turns a file
// into an aggregator.Collection and reports every problem with its line at
// once; the edit functions (AddSource, RemoveSource, RewriteSourceURL)
// change one outline in place and keep the rest of the file byte for byte,
// and Save writes the result back atomically unless the file changed
// meanwhile.
package opml
