package aggregator_test

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/parse"
	"github.com/feedloom/feedloom/internal/corpustest"
)

// seedFiles adds to f every stride-th file under the corpus folder rel
// whose name ends in one of exts.
func seedFiles(f *testing.F, rel string, stride int, exts ...string) {
	for _, b := range corpustest.Seeds(rel, stride, exts...) {
		f.Add(b)
	}
}

// FuzzIngest runs arbitrary bytes through everything a refresh does to a
// fetched document (charset decoding, gofeed, the bounds, sanitising,
// normalising) and renders the items in all three formats: no panic, and
// every result must be well-formed XML or valid JSON, valid UTF-8, with
// nothing dangerous in any body or URL.
func FuzzIngest(f *testing.F) {
	for _, s := range []string{
		`<rss version="2.0"><channel><title>T</title><item><title>A &amp;amp; B &lt;b&gt;</title><link>javascript:alert(1)</link><description>&lt;script&gt;x&lt;/script&gt;&lt;a href="/rel"&gt;r&lt;/a&gt;</description><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate></item></channel></rss>`,
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="javascript:alert(1)//"><title type="text">&lt;b&gt;</title><entry><title type="text">x &lt;i&gt;</title><link href="p"/><content type="html">&lt;img src=x onerror=alert(1)&gt;</content><author><name>&lt;b&gt;me</name></author><category term="&lt;c&gt;"/></entry></feed>`,
		`{"version":"https://jsonfeed.org/version/1.1","title":"<J>","items":[{"id":"1","title":"a<b","content_text":"<script>","url":"vbscript:x","tags":["<t>"]}]}`,
		"\xff\xfe<\x00r\x00s\x00s\x00>\x00",
		`<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><rss><channel><item><title>&b;</title></item></channel></rss>`,
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><title>r</title><link>data:text/html,x</link></item></rdf:RDF>`,
	} {
		f.Add([]byte(s))
	}
	seedFiles(f, "parsers/feedparser/tests", 40, ".xml")
	seedFiles(f, "parsers/gofeed/testdata/parser", 20, ".xml", ".json")
	seedFiles(f, "parsers/w3c-feedvalidator/testcases", 60, ".xml")
	seedFiles(f, "realworld", 20, ".xml", ".rss", ".atom", ".json")
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, ct := range []string{"", "application/xml; charset=windows-1252"} {
			n, err := ingest(body, ct)
			if err != nil {
				var pe *parse.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("Parse error is %T, want *ParseError: %v", err, err)
				}
				continue
			}
			for _, it := range n.Items {
				if it.Published.IsZero() || it.Published.After(pipelineNow.Add(aggregator.FutureTolerance)) || it.Updated.Before(it.Published) {
					t.Fatalf("dates out of bounds: published %v, updated %v", it.Published, it.Updated)
				}
			}
			docs, err := renderAll(feedOf(n))
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range docs {
				if p := d.fields.Problems(); len(p) > 0 {
					t.Fatalf("%s: %q\n%s", d.format, p, d.doc)
				}
			}
		}
	})
}

// FuzzDates sends arbitrary date strings through gofeed and the
// normaliser, as an RSS pubDate with a dc:date and as an Atom entry's
// published and updated: every item must come out with Published set and
// no later than the clock allows, Updated no earlier than Published, and a
// date feedloom supplied marked as such.
func FuzzDates(f *testing.F) {
	for _, s := range [][2]string{
		{"Mon, 02 Jan 2006 15:04:05 GMT", "2006-01-02T15:04:05Z"},
		{"Tue, 31 Dec 2999 23:59:59 +0000", "2999-12-31T23:59:59Z"},
		{"0001-01-01T00:00:00Z", "1969-12-31T23:59:59-01:00"},
		{"2026-03-01T12:14:59Z", "2026-03-01T12:15:01Z"},
		{"yesterday", ""},
		{"", "Sun, 06 Nov 1994 08:49:37 +9999"},
		{"Mon, 32 Foo 2024 25:61:61 XYZ", "2024-02-30T00:00:00+25:00"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pub, upd string) {
		p, u := xmlText(pub), xmlText(upd)
		docs := []string{
			`<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>d</title>` +
				`<item><guid>1</guid><pubDate>` + p + `</pubDate><dc:date>` + u + `</dc:date></item>` +
				`<item><guid>2</guid><dc:date>` + p + `</dc:date></item></channel></rss>`,
			`<feed xmlns="http://www.w3.org/2005/Atom"><title>d</title>` +
				`<entry><id>1</id><published>` + p + `</published><updated>` + u + `</updated></entry>` +
				`<entry><id>2</id><updated>` + p + `</updated></entry></feed>`,
			`{"version":"https://jsonfeed.org/version/1.1","title":"d","items":[{"id":"1","date_published":` + jsonText(pub) + `,"date_modified":` + jsonText(upd) + `}]}`,
		}
		limit := pipelineNow.Add(aggregator.FutureTolerance)
		for _, doc := range docs {
			n, err := ingest([]byte(doc), "")
			if err != nil {
				continue // the strings broke the document: nothing to check
			}
			for _, it := range n.Items {
				switch {
				case it.Published.IsZero():
					t.Fatalf("no Published for %q", doc)
				case it.Published.After(limit):
					t.Fatalf("Published %v beyond the clock for %q", it.Published, doc)
				case it.Updated.Before(it.Published):
					t.Fatalf("Updated %v before Published %v for %q", it.Updated, it.Published, doc)
				case it.Updated.After(limit):
					t.Fatalf("Updated %v beyond the clock for %q", it.Updated, doc)
				case it.DateOrigin != aggregator.DateFromFeed && !it.Published.Equal(pipelineNow):
					t.Fatalf("supplied date %v is not the time first seen", it.Published)
				case it.Published.Location() != time.UTC:
					t.Fatalf("Published %v is not UTC", it.Published)
				}
			}
		}
	})
}

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
