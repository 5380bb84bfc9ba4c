// Package query implements feedloom's topic query language: the small
// search language a topic in the OPML uses to pick items out of everything
// stored.
//
// A query is compiled once (Compile) and matched against many items. An
// item is first turned into a Doc of plain text and then prepared (Prepare):
// folded (case, diacritics, compatibility forms) and split into words once,
// so that any number of queries can be matched against it cheaply.
//
//	ukraine                 the whole word, any case, diacritics folded
//	ukrain*                 a word starting with "ukrain"
//	"peace talks"           consecutive words (a phrase)
//	/zelensk(y|yy|iy)/      an RE2 regular expression over the folded text
//	a b, a AND b            both
//	a OR b                  either
//	NOT a, -a               not
//	title:(a OR b)          only in a field: title, content, author,
//	                        category, source, url, lead
//	grain NEAR/5 deal       two words at most five words apart
//
// NEAR binds tightest (its operands are words, phrases and OR-groups of
// them), then NOT, then AND (also implicit, between terms side by side),
// then OR. Only the upper-case words OR, AND, NOT and NEAR/N are operators; in lower
// case they are ordinary words. README.md in this directory has the grammar.
//
// Compiled queries and prepared documents are immutable and safe for
// concurrent use.
package query
