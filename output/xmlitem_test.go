package output

import (
	"bytes"
	"testing"
	"time"
)

// FuzzXMLItemWriters: RSS items and Atom entries are written directly
// (xmlitem.go); whatever an entry holds, and whichever of its optional
// parts it has, the bytes must be those encoding/xml writes for the
// entry's struct at the same depth, which is what the documents held
// before and what the golden files pin for a few entries.
func FuzzXMLItemWriters(f *testing.F) {
	f.Add("Tom &amp; Jerry <3 \"talks\"", "<p>Short &amp; <em>sweet</em></p>\n", "<p>A CDATA end ]]> inside</p>", "https://example.com/?a=1&b=2", "pl", int64(1_710_073_800), int64(123456), uint16(0xffff))
	f.Add("", "", "", "", "", int64(0), int64(0), uint16(0))
	f.Add("\t\r\n \x00 \x1f \x7f \ufffd", "\xff\xfe invalid \xc3", "]]]]>]]>]]", "\U0001F600 \xed\xa0\x80 \uFFFE", "'\"<>&", int64(-62135596800), int64(-1), uint16(0x5555))
	f.Fuzz(func(t *testing.T, title, summary, content, link, word string, sec, n int64, parts uint16) {
		has := func(bit int) bool { return parts&(1<<bit) != 0 }
		when := time.Unix(sec, n%1e9).In(time.FixedZone("X", int(n%50_000)))
		e := &entryView{ID: link + word, Title: title, Link: link, Summary: summary, Content: content, Language: word,
			Published: when, Updated: when.Add(time.Duration(n))}
		if has(0) {
			e.Published, e.Updated = time.Time{}, time.Time{}
		}
		if has(1) {
			e.Authors = []person{{Name: title}, {Name: word, Email: link, URI: content}, {}}
		}
		if has(2) {
			e.Categories = []string{word, title, ""}
		}
		if has(3) {
			e.Enclosures = []enclosure{{URL: link, Type: word, Length: n}, {}}
		}
		if has(4) {
			e.Image, e.ImageWidth, e.ImageHeight = link, int(n%4096), int(sec%4096)
		}
		if has(5) {
			e.Source = sourceView{URL: link, Title: title}
		}
		if has(6) {
			e.Source = sourceView{Title: word, SiteURL: content, FeedID: summary, Link: link}
		}
		if has(7) {
			e.Via = []sourceView{{URL: link, Title: title}, {SiteURL: word}, {Link: content, FeedID: summary}, {}}
		}
		if has(8) {
			e.Title = ""
		}
		for _, w := range []struct {
			doc    string
			depth  string
			direct func([]byte, *entryView) ([]byte, bool)
			item   func(*entryView) any
		}{
			{"RSS", "    ", appendRSSItem, func(e *entryView) any { return newRSSItem(e) }},
			{"Atom", "  ", appendAtomEntry, func(e *entryView) any { return newAtomEntry(e) }},
		} {
			got, ok := w.direct([]byte("kept"), e)
			if !ok {
				t.Fatalf("%s: the direct writer left an entry without podcast data", w.doc)
			}
			want, err := encodeXMLItem([]byte("kept"), w.depth, w.item(e))
			if err != nil {
				t.Fatalf("%s: encoding/xml: %v", w.doc, err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: written directly\n%s\nencoding/xml\n%s", w.doc, got, want)
			}
		}
	})
}

// An episode is written by encoding/xml, and the direct writers say so.
func TestXMLItemWritersLeaveEpisodes(t *testing.T) {
	e := &entryView{ID: "x", Podcast: &podcastView{}}
	for name, direct := range map[string]func([]byte, *entryView) ([]byte, bool){"RSS": appendRSSItem, "Atom": appendAtomEntry} {
		if b, ok := direct([]byte("kept"), e); ok || string(b) != "kept" {
			t.Errorf("%s: wrote an episode directly (%q, %v)", name, b, ok)
		}
	}
}
