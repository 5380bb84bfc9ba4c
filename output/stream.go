package output

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	gojson "github.com/goccy/go-json"
	"io"
)

// A document is written as it is rendered: its shell (everything but its
// entries, marshalled whole from the view's facts) is split where the
// entries go, and each entry is encoded on its own at the depth it has in
// the document, so the bytes are those of the whole document marshalled
// at once, without ever holding more than one entry.

// docWriter writes one document of an output in three parts: its head,
// which needs the facts about all the entries (see scan), each entry,
// then its tail. Each part goes to the writer last given to to; an output
// rendered in one pass writes its entries first, into a file of their
// own, and its head once the walk has found the facts (see renderOutput).
type docWriter interface {
	to(w io.Writer)
	head(v *feedView) error
	entry(e *entryView) error
	tail() error
}

// newDocWriter makes the docWriter of one kind of document, writing to w.
type newDocWriter func(w io.Writer) docWriter

// splitShell splits a document rendered without entries where they go:
// before its closing part, tail.
func splitShell(shell []byte, tail string) (head, rest []byte, err error) {
	if !bytes.HasSuffix(shell, []byte(tail)) {
		return nil, nil, fmt.Errorf("document shell does not end with %q", tail)
	}
	return shell[:len(shell)-len(tail)], []byte(tail), nil
}

// xmlWriter writes an RSS or Atom document: its shell, split where the
// entries go, and the entries, each on its own lines at depth, written by
// direct (see xmlitem.go) or, for an entry direct leaves, by encoding/xml
// from item's struct.
type xmlWriter struct {
	w      io.Writer
	buf    []byte
	shell  func(*feedView) (head, tail []byte, err error)
	direct func(b []byte, e *entryView) ([]byte, bool)
	item   func(*entryView) any
	indent string
	end    []byte // the shell's tail, once head has made it
}

func (x *xmlWriter) to(w io.Writer) { x.w = w }

func (x *xmlWriter) head(v *feedView) error {
	head, tail, err := x.shell(v)
	if err != nil {
		return err
	}
	x.end = tail
	_, err = x.w.Write(head)
	return err
}

func (x *xmlWriter) entry(e *entryView) error {
	b, ok := x.direct(x.buf[:0], e)
	if !ok {
		var err error
		if b, err = encodeXMLItem(b, x.indent, x.item(e)); err != nil {
			return err
		}
	}
	x.buf = b
	_, err := x.w.Write(b)
	return err
}

func (x *xmlWriter) tail() error {
	_, err := x.w.Write(x.end)
	return err
}

// encodeXMLItem appends item as encoding/xml writes it at the depth
// indent gives, on a line of its own.
func encodeXMLItem(b []byte, indent string, item any) ([]byte, error) {
	buf := bytes.NewBuffer(append(b, '\n'))
	enc := xml.NewEncoder(buf)
	enc.Indent(indent, "  ")
	if err := enc.Encode(item); err != nil {
		return b, err
	}
	return buf.Bytes(), nil
}

// newRSSWriter writes RSS documents.
func newRSSWriter(w io.Writer) docWriter {
	return &xmlWriter{w: w, shell: rssShell, direct: appendRSSItem, item: func(e *entryView) any { return newRSSItem(e) }, indent: "    "}
}

// newAtomWriter writes Atom documents.
func newAtomWriter(w io.Writer) docWriter {
	return &xmlWriter{w: w, shell: atomShell, direct: appendAtomEntry, item: func(e *entryView) any { return newAtomEntry(e) }, indent: "  "}
}

// jsonWriter writes a JSON Feed document, its items one by one into the
// shell's "items" array.
type jsonWriter struct {
	w   io.Writer
	buf bytes.Buffer
	enc *gojson.Encoder
	end []byte // the shell's tail, once head has made it
	n   int
}

// newJSONWriter writes JSON Feed documents.
func newJSONWriter(w io.Writer) docWriter {
	j := &jsonWriter{w: w}
	// go-json indents as it encodes, where encoding/json encodes and then
	// scans every byte again to indent: items render 2.4 times as fast,
	// in the bytes encoding/json writes (FuzzJSONItemEncoders).
	j.enc = gojson.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	j.enc.SetIndent("    ", "  ")
	return j
}

func (j *jsonWriter) to(w io.Writer) { j.w = w }

func (j *jsonWriter) head(v *feedView) error {
	head, tail, err := jsonShell(v)
	if err != nil {
		return err
	}
	j.end = tail
	_, err = j.w.Write(head)
	return err
}

func (j *jsonWriter) entry(e *entryView) error {
	j.buf.Reset()
	if j.n > 0 {
		j.buf.WriteByte(',')
	}
	j.n++
	j.buf.WriteString("\n    ")
	if err := j.enc.Encode(newJSONItem(e)); err != nil {
		return err
	}
	_, err := j.w.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
	return err
}

func (j *jsonWriter) tail() error {
	end := j.end
	if j.n == 0 {
		end = []byte("]\n}\n")
	}
	_, err := j.w.Write(end)
	return err
}

// renderOne renders one document of v into memory.
func renderOne(v *feedView, newWriter newDocWriter) ([]byte, error) {
	var b bytes.Buffer
	d := newWriter(&b)
	if err := d.head(v); err != nil {
		return nil, err
	}
	if err := walkEntries(context.Background(), v, d.entry, nil); err != nil {
		return nil, err
	}
	if err := d.tail(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
