package sanitize

import (
	"testing"

	"github.com/feedloom/feedloom/internal/corpustest"
)

// corpusDir returns the shared test corpus beside the repository root,
// skipping the test when it is absent (see corpustest.Dir).
func corpusDir(t testing.TB, parts ...string) string {
	t.Helper()
	return corpustest.Dir(t, parts...)
}

// The feedparser case readers, shared with the pipeline tests.
var (
	pythonStrings  = corpustest.PythonStrings
	expectLine     = corpustest.ExpectLine
	expectField    = corpustest.ExpectField
	xmlBase        = corpustest.XMLBase
	textDeviations = corpustest.TextDeviations
)
