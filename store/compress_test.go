package store

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/klauspost/compress/s2"
	bolt "go.etcd.io/bbolt"
)

// article is a few kilobytes of HTML, as a real item's content is.
func article(n int) string {
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "<p>Paragraph %d of article %d: the council met on Tuesday and voted on the budget.</p>\n", i, n)
	}
	return b.String()
}

// TestArticlesAreStoredCompressed: an item record holding an article is
// written compressed (recordS2) and reads back exactly; a short record
// (a story) stays plain JSON (recordV1).
func TestArticlesAreStoredCompressed(t *testing.T) {
	db := openTest(t, Options{})
	var items []aggregator.Item
	for i := range 3 {
		it := item(srcA, fmt.Sprintf("long-%d", i), i+1)
		it.Content = article(i)
		items = append(items, it)
	}
	commit(t, db, result(srcA, items...))
	checkDB(t, db)
	formats := map[string][]byte{}
	var stored, content int
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketItems, bucketStories} {
			tx.Bucket(name).ForEach(func(k, v []byte) error {
				formats[string(name)] = append(formats[string(name)], v[0])
				if string(name) == string(bucketItems) {
					stored += len(v)
				}
				return nil
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []byte{recordS2, recordS2, recordS2}; !bytes.Equal(formats["items"], want) {
		t.Errorf("item record formats %v, want %v", formats["items"], want)
	}
	if slices.Contains(formats["stories"], recordS2) || len(formats["stories"]) != 3 {
		t.Errorf("story record formats %v, want 3 of %d", formats["stories"], recordV1)
	}
	for _, it := range items {
		content += len(it.Content)
	}
	if stored >= content/2 {
		t.Errorf("item records take %d bytes for %d bytes of articles: not compressed", stored, content)
	}
	got := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})
	if len(got) != 3 {
		t.Fatalf("selected %d entries, want 3", len(got))
	}
	for _, e := range got {
		i := slices.IndexFunc(items, func(it aggregator.Item) bool { return it.Title == e.Item.Title })
		if i < 0 || e.Item.Content != items[i].Content {
			t.Errorf("entry %q: content does not read back", e.Item.Title)
		}
	}
}

// TestUncompressedRecordsStillRead: records written before schema 7 (plain
// JSON, recordV1), however long, decode as before.
func TestUncompressedRecordsStillRead(t *testing.T) {
	key := u64(7)
	js := []byte(fmt.Sprintf(`{"item":{"title":"old","content":%q},"story":3}`, article(1)))
	b := append(make([]byte, recordHeader), js...)
	seal(key, b, recordV1)
	rec, err := decode[struct {
		Item  aggregator.Item `json:"item"`
		Story uint64          `json:"story"`
	}](key, b, "item")
	if err != nil || rec.Item.Content != article(1) || rec.Story != 3 {
		t.Fatalf("decode of a plain record: %v", err)
	}
}

// TestDamagedCompressedRecords: a compressed record whose bytes changed
// fails its checksum, and one whose checksum matches bytes that are not S2
// (a bug, or damage the checksum missed) fails to decompress; both are
// damage, neither panics.
func TestDamagedCompressedRecords(t *testing.T) {
	key := u64(9)
	js := []byte(fmt.Sprintf(`{"item":{"content":%q}}`, article(2)))
	b, err := encode(key, rawJSON(js))
	if err != nil {
		t.Fatal(err)
	}
	if b[0] != recordS2 {
		t.Fatalf("format %d, want %d", b[0], recordS2)
	}
	for i := recordHeader; i < len(b); i += 3 {
		flipped := slices.Clone(b)
		flipped[i] ^= 0x10
		if _, err := decode[map[string]any](key, flipped, "item"); !errors.Is(err, ErrDamaged) {
			t.Fatalf("flip at %d: %v, want ErrDamaged", i, err)
		}
	}
	garbage := append(make([]byte, recordHeader), 0xff, 0xfe, 0xfd, 0xfc)
	seal(key, garbage, recordS2)
	if _, err := decode[map[string]any](key, garbage, "item"); !errors.Is(err, ErrDamaged) {
		t.Fatalf("undecodable S2 payload: %v, want ErrDamaged", err)
	}
	if _, err := s2.Decode(nil, garbage[recordHeader:]); err == nil {
		t.Fatal("the garbage payload decodes: the test proves nothing")
	}
}

// rawJSON is raw JSON that encodes as itself.
type rawJSON []byte

func (j rawJSON) MarshalJSON() ([]byte, error) { return j, nil }
