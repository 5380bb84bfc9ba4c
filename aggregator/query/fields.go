package query

import (
	"strings"
)

// field names one searchable part of a Doc.
type field uint8

const (
	fieldTitle field = iota
	fieldContent
	fieldAuthor
	fieldCategory
	fieldSource
	fieldURL
	// fieldLead is the title plus the first sentence of the content: where
	// an editor looks to decide what an item is about, so a word found
	// there is rarely a passing mention.
	fieldLead
	numFields
)

// fieldSet is a set of fields, one bit per field.
type fieldSet uint8

// defaultFields are the fields a term without a field prefix searches.
const defaultFields = fieldSet(1<<fieldTitle | 1<<fieldContent | 1<<fieldCategory)

// fieldNames are the names used in queries, indexed by field.
var fieldNames = [numFields]string{
	fieldTitle:    "title",
	fieldContent:  "content",
	fieldAuthor:   "author",
	fieldCategory: "category",
	fieldSource:   "source",
	fieldURL:      "url",
	fieldLead:     "lead",
}

// lookupField returns the field a query names (case-insensitively).
func lookupField(name string) (field, bool) {
	for f, n := range fieldNames {
		if strings.EqualFold(n, name) {
			return field(f), true
		}
	}
	return 0, false
}

// has reports whether f is in s.
func (s fieldSet) has(f field) bool { return s&(1<<f) != 0 }

// prefix is the field prefix a term with these fields prints with: empty
// for the default fields.
func (s fieldSet) prefix() string {
	if s == defaultFields {
		return ""
	}
	for f := range numFields {
		if s == 1<<f {
			return fieldNames[f] + ":"
		}
	}
	return "?:" // unreachable: the parser only builds single fields or the default
}

// String lists the fields' names, comma-separated.
func (s fieldSet) String() string {
	if s == defaultFields {
		return "no field (so title, content, category)"
	}
	var names []string
	for f := range numFields {
		if s.has(f) {
			names = append(names, fieldNames[f])
		}
	}
	return strings.Join(names, ", ")
}

// fieldList names the fields a query may use, for error messages.
func fieldList() string {
	return strings.Join(fieldNames[:], ", ")
}
