// Package feedtest reads a published RSS 2.0, Atom 1.0 or JSON Feed
// document back into its fields by role (HTML bodies, plain text, URLs) and
// checks what a republisher must never publish: a document that is not
// well-formed XML, valid JSON or valid UTF-8, a body with a dangerous
// construct (as sanitize.Dangerous sees it), or a URL with a scripting or
// data: scheme.
//
// It is the independent check that feedloom's tests, fuzz targets and the
// corpus sweep run over every rendered document, like net/http/httptest is
// for HTTP: it reads the documents the way a reader does, by element and
// key names, not through the renderers' own structs, so a field a
// renderer adds later is checked without a change here.
package feedtest
