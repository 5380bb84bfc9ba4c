package query

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// SyntaxError says where a query does not parse and what was expected
// there. Every error Compile returns is a *SyntaxError.
type SyntaxError struct {
	// Query is the query as given.
	Query string
	// Line is the 1-based line of the error: a query (in a file, say) may
	// span lines, and line breaks are plain white space to the language.
	Line int
	// Col is the 1-based column within the line, counted in runes.
	Col int
	// Msg says what was expected, such as `expected ")" to close the "(" at
	// column 3`.
	Msg string
}

// Error returns one line: "column N: expected …", with the line number
// first when the query spans lines.
func (e *SyntaxError) Error() string {
	if strings.Contains(e.Query, "\n") {
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("column %d: %s", e.Col, e.Msg)
}

// Caret returns two lines: the query's line that holds the error, and a
// caret under the column. The padding repeats the line's tabs and counts
// wide (East Asian) runes twice and combining marks not at all, so the
// caret stays under the right rune in a terminal.
func (e *SyntaxError) Caret() string {
	lines := strings.Split(e.Query, "\n")
	line := ""
	if e.Line >= 1 && e.Line <= len(lines) {
		line = strings.TrimSuffix(lines[e.Line-1], "\r")
	}
	var pad strings.Builder
	col := 1
	for _, r := range line {
		if col >= e.Col {
			break
		}
		col++
		switch {
		case r == '\t':
			pad.WriteByte('\t')
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case isWide(r):
			pad.WriteString("  ")
		default:
			pad.WriteByte(' ')
		}
	}
	for ; col < e.Col; col++ {
		pad.WriteByte(' ') // the error is past the end of the line
	}
	return line + "\n" + pad.String() + "^"
}

// isWide reports whether a terminal shows r in two cells.
func isWide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}

// errorAt builds the SyntaxError for byte offset off of src.
func errorAt(src string, off int, format string, args ...any) *SyntaxError {
	off = min(max(off, 0), len(src))
	before := src[:off]
	line := strings.Count(before, "\n") + 1
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return &SyntaxError{
		Query: src,
		Line:  line,
		Col:   utf8.RuneCountInString(before) + 1,
		Msg:   fmt.Sprintf(format, args...),
	}
}
