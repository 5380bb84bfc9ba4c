package aggregator

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	gojson "github.com/goccy/go-json"
	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	"github.com/feedloom/feedloom/internal/corpustest"
)

// An item's digest hashes its JSON (writeJSON), written with go-json; a
// store keeps the digests of the last poll, so the bytes must be those
// encoding/json wrote for earlier builds, or every stored source would be
// normalised again in full once.

// sameDigestJSON reports how the two encoders disagree on v, if they do.
func sameDigestJSON(t *testing.T, where string, v any) {
	t.Helper()
	var std, fast bytes.Buffer
	enc := json.NewEncoder(&std)
	enc.SetEscapeHTML(false)
	stdErr := enc.Encode(v)
	genc := gojson.NewEncoder(&fast)
	genc.SetEscapeHTML(false)
	fastErr := genc.Encode(v)
	if (stdErr == nil) != (fastErr == nil) {
		t.Fatalf("%s: encoding/json: %v; go-json: %v", where, stdErr, fastErr)
	}
	if stdErr == nil && !bytes.Equal(std.Bytes(), fast.Bytes()) {
		t.Fatalf("%s: go-json wrote\n%s\nencoding/json\n%s", where, fast.Bytes(), std.Bytes())
	}
}

// TestItemDigestJSONOverTheCorpus: every item gofeed reads from the shared
// corpus (real feeds and the parser suites' odd documents, extensions
// and all) encodes to the same bytes with both.
func TestItemDigestJSONOverTheCorpus(t *testing.T) {
	items := 0
	for _, dir := range []string{"realworld", "parsers"} {
		root := corpustest.Dir(t, dir)
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
			if err != nil {
				return nil // not a feed gofeed reads
			}
			for _, it := range feed.Items {
				sameDigestJSON(t, path, it)
				items++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d items encode alike", items)
	if items < 1000 {
		t.Fatalf("only %d items in the corpus; the test shows little", items)
	}
}

// FuzzItemDigestJSON: the same over fuzzed items, their maps of
// extensions included.
func FuzzItemDigestJSON(f *testing.F) {
	f.Add("Plane <b>crash</b> & \"more\"", "https://a.example/?a=1&b=<2>", "dc", int64(1_700_000_000))
	f.Add("\u2028\u2029\x00\x7f\xff\xfe \xed\xa0\x80", "", "", int64(-62135596800))
	f.Add("", "\U0001F600", "ns:x", int64(253402300799))
	f.Fuzz(func(t *testing.T, text, link, name string, sec int64) {
		when := time.Unix(sec, sec%1e9).In(time.FixedZone(name, int(sec%50_000)))
		it := &gofeed.Item{
			Title: text, Description: text + link, Content: text, Link: link, Links: []string{link, text},
			Published: text, PublishedParsed: &when, Updated: name, UpdatedParsed: &when,
			Authors: []*gofeed.Person{{Name: text, Email: link}, nil}, GUID: link,
			Image: &gofeed.Image{URL: link, Title: text}, Categories: []string{text, name},
			Enclosures:    []*gofeed.Enclosure{{URL: link, Length: name, Type: text}},
			DublinCoreExt: &ext.DublinCoreExtension{Creator: []string{text}},
			ITunesExt:     &ext.ITunesItemExtension{Author: text, Duration: name},
			Extensions: ext.Extensions{name: {text: []ext.Extension{{Name: name, Value: text,
				Attrs: map[string]string{text: link, name: text, "": ""}, Children: map[string][]ext.Extension{link: {{Value: name}}}}}},
				"media": {"": nil}},
			Custom: map[string]string{text: link, link: name, "z": text},
		}
		sameDigestJSON(t, "fuzzed item", it)
	})
}
