package parse

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// xmlDepth is the deepest nesting encoding/xml sees in a well-formed
// document, or -1 when the document is not well-formed.
func xmlDepth(b []byte) int {
	d := xml.NewDecoder(bytes.NewReader(b))
	depth, deepest := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return deepest
		}
		if err != nil {
			return -1
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
			deepest = max(deepest, depth)
		case xml.EndElement:
			depth--
		}
	}
}

func TestDeeperThan(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		depth int // what a parser sees
	}{
		{"flat", `<a/><b></b>`, 1},
		{"nested, self-closing innermost", `<a><b><c/></b></a>`, 2},
		{"comment", `<a><!-- <b><c><d> --></a>`, 1},
		{"cdata", `<a><![CDATA[<b><c><d>]]></a>`, 1},
		{"pi", `<?xml version="1.0"?><?pi <b><c>?><a></a>`, 1},
		{"doctype subset", `<!DOCTYPE a [<!ENTITY e "<b><c>"><!-- > --><!ELEMENT a ANY>]><a><b/></a>`, 1},
		{"quoted >", `<a x="<b>" y='>'><b/></a>`, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if deeperThan([]byte(tc.doc), tc.depth) {
				t.Errorf("deeperThan(%d) = true for %q", tc.depth, tc.doc)
			}
			if tc.depth > 0 && !deeperThan([]byte(tc.doc), tc.depth-1) {
				t.Errorf("deeperThan(%d) = false for %q", tc.depth-1, tc.doc)
			}
		})
	}
}

// FuzzDeeperThan checks the scan's promise: it never counts fewer levels
// than encoding/xml sees, so no document it lets through nests deeper than
// the bound.
func FuzzDeeperThan(f *testing.F) {
	for _, s := range []string{`<a><b><c></c></b></a>`, `<a><!--<b>--><![CDATA[<c>]]><d x=">"/></a>`, `<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>`, strings.Repeat("<a>", 9) + strings.Repeat("</a>", 9)} {
		f.Add([]byte(s), 3)
	}
	f.Fuzz(func(t *testing.T, doc []byte, limit int) {
		limit = max(limit%16, 0)
		if d := xmlDepth(doc); d > limit+1 && !deeperThan(doc, limit) {
			// +1: a self-closing innermost element is a level to
			// encoding/xml and none to the scan, which costs no stack.
			t.Fatalf("encoding/xml sees depth %d, the scan says not deeper than %d", d, limit)
		}
	})
}
