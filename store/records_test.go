package store

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/feedloom/feedloom/aggregator/media"
)

// FuzzRecordCodecs: whatever the fields hold, a record written by encode
// (encoding/json) is read by decode (go-json) as the value encoding/json
// reads back from it: item, story and source records alike.
func FuzzRecordCodecs(f *testing.F) {
	f.Add("Plane carrying 72 people crashes in Nepal", "<p>At least <b>68</b> dead &amp; 4 missing</p>", "https://abc.example/story?id=1&x=<y>", int64(1_700_000_000), int64(123_456_789), uint64(7), "tag")
	f.Add("", "", "", int64(0), int64(0), uint64(0), "")
	f.Add("\u2028quote \" back\\slash \x00 nul", "\xff\xfe invalid UTF-8 \xc3", "\U0001F600 surrogates \xed\xa0\x80", int64(-62135596800), int64(-1), ^uint64(0), "Ünïcode")
	f.Add("<script>alert(1)</script>", "\t\n\r\u00a0", "é", int64(253402300799), int64(999_999_999), uint64(1)<<53+1, "a,b")
	f.Fuzz(func(t *testing.T, title, content, link string, sec, nsec int64, n uint64, word string) {
		when := time.Unix(sec, nsec).In(time.FixedZone("X", int(n%50_000)))
		rec := fold.ItemRecord{
			Item: aggregator.Item{
				SourceURL: link, Identity: word, Title: title, Link: link, Content: content,
				Summary: title + content, Authors: []aggregator.Person{{Name: word, Email: title}},
				Categories: []string{word, title}, Enclosures: []aggregator.Enclosure{{URL: link, Length: sec}},
				Published: when, Updated: when.UTC(), FirstSeen: when.Local(),
				Podcast: &media.Podcast{Summary: content, Duration: nsec, Categories: []string{word}},
				Sig:     fingerprint.Of(title, content), Hash: n,
			},
			Story:  fold.StoryID(n),
			Topics: []aggregator.TopicKey{aggregator.TopicKey(n), 0},
			Near:   []uint64{n, n >> 1},
		}
		story := fold.Story{Time: n, Members: []fold.Member{{Source: aggregator.SourceIDOf(link), Seq: n}}}
		state := aggregator.SourceState{
			URL: link, Title: title, LastError: content, LastAttempt: when, NextDue: when.UTC(),
			LastStatus: int(n % 600), ConsecutiveFailures: int(sec % 100), ETag: word,
			Generation: n, Digests: aggregator.Digests{n, n / 3},
		}
		agree(t, "item", &rec)
		agree(t, "story", &story)
		agree(t, "source", &state)
	})
}

// agree encodes v as a record and checks that encode writes what
// encoding/json writes, and that decode reads it as encoding/json does.
func agree[T any](t *testing.T, what string, v *T) {
	t.Helper()
	key := []byte("key")
	var std bytes.Buffer
	enc := json.NewEncoder(&std)
	enc.SetEscapeHTML(false)
	stdErr := enc.Encode(v)
	b, err := encode(key, v)
	if (err == nil) != (stdErr == nil) {
		t.Fatalf("%s: encode: %v; encoding/json: %v", what, err, stdErr)
	}
	if err != nil {
		return // a value encoding/json cannot write is never stored
	}
	data, err := unseal(key, b, false)
	if err != nil {
		t.Fatalf("%s: unseal what encode wrote: %v", what, err)
	}
	if want := bytes.TrimSuffix(std.Bytes(), []byte("\n")); !bytes.Equal(data, want) {
		t.Fatalf("%s: encode wrote\n%s\nencoding/json\n%s", what, data, want)
	}
	var want T
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("%s: encoding/json cannot read what it wrote: %v", what, err)
	}
	got, err := decode[T](key, b, what)
	if err != nil {
		t.Fatalf("%s: decode: %v\nrecord: %s", what, err, data)
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("%s: decode read\n%+v\nencoding/json read\n%+v\nfrom %s", what, *got, want, data)
	}
}

// TestItemHeadReadsWhatItCredits: an entry reads the items of a story's
// other sources as itemHead (select.go), which must read their source,
// link and story as the whole record's decoding does.
func TestItemHeadReadsWhatItCredits(t *testing.T) {
	rec := fold.ItemRecord{
		Item: aggregator.Item{
			SourceURL: "https://a.example/feed?x=\"1\"", Identity: "guid:1", Link: "https://a.example/1?a=<b>&c=\u2028",
			Title: "Title", Content: "<p>source and link again: \"link\":\"x\"</p>",
			Podcast: &media.Podcast{Summary: "p"}, Sig: fingerprint.Of("Title", "text"),
		},
		Story:  7,
		Topics: []aggregator.TopicKey{3},
		Near:   []uint64{1, 2},
	}
	key := []byte("key")
	b, err := encode(key, &rec)
	if err != nil {
		t.Fatal(err)
	}
	head, err := decode[itemHead](key, b, "item")
	if err != nil {
		t.Fatal(err)
	}
	if head.Item.SourceURL != rec.Item.SourceURL || head.Item.Link != rec.Item.Link || head.Story != rec.Story {
		t.Errorf("item head %+v, want source %q, link %q, story %d", head, rec.Item.SourceURL, rec.Item.Link, rec.Story)
	}
}

// TestRecordsOwnTheirBytes: encode reuses its buffers between calls, so a
// record it returned must stay as it was after the next call, and it must
// hold no spare capacity: a transaction keeps every record it is given
// until it commits.
func TestRecordsOwnTheirBytes(t *testing.T) {
	article := strings.Repeat("<p>The council met on Tuesday to discuss the harbour.</p>", 40)
	records := map[string]*fold.ItemRecord{
		"compressed":   {Item: aggregator.Item{Identity: "guid:a", Content: article}, Story: 1},
		"uncompressed": {Item: aggregator.Item{Identity: "guid:b", Title: "short"}, Story: 2},
	}
	for name, rec := range records {
		key := []byte(name)
		b, err := encode(key, rec)
		if err != nil {
			t.Fatal(err)
		}
		if cap(b) != len(b) {
			t.Errorf("%s: record of %d bytes holds %d", name, len(b), cap(b))
		}
		kept := bytes.Clone(b)
		for other := range records {
			if _, err := encode([]byte(other), records[other]); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(b, kept) {
			t.Fatalf("%s: the record changed when the next one was encoded", name)
		}
		got, err := decode[fold.ItemRecord](key, b, "item")
		if err != nil || got.Item.Identity != rec.Item.Identity || got.Item.Content != rec.Item.Content {
			t.Errorf("%s: decoded %v, %v", name, got, err)
		}
	}
}
