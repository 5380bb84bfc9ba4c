package output

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator/media"
	gojson "github.com/goccy/go-json"
	"github.com/gorilla/feeds"
)

// FuzzJSONItemEncoders: the JSON Feed writer encodes items with go-json
// (stream.go), which writes an indented item in one pass where
// encoding/json encodes it and then indents the result; whatever the
// fields hold, the bytes must be the ones encoding/json writes.
func FuzzJSONItemEncoders(f *testing.F) {
	f.Add("Plane crashes <b>in</b> Nepal", "<p>At least 68 dead &amp; 4 missing</p>", "https://abc.example/story?id=1&x=<y>", "world", int64(1_700_000_000), int64(123))
	f.Add("", "", "", "", int64(0), int64(0))
	f.Add("\u2028\u2029 \" \\ \x00 \x1f \x7f", "\xff\xfe invalid \xc3", "\U0001F600 \xed\xa0\x80", "Ünïcode", int64(-62135596800), int64(-1))
	f.Fuzz(func(t *testing.T, title, html, link, word string, sec, n int64) {
		when := time.Unix(sec, n%1e9).In(time.FixedZone("X", int(n%50_000)))
		it := jsonItem{
			JSONItem: feeds.JSONItem{
				Id: link, Url: link, ExternalUrl: word, Title: title, ContentText: html, Summary: word, Image: link,
				PublishedDate: &when, ModifiedDate: &when, Author: &feeds.JSONAuthor{Name: word, Url: link},
				Authors: []*feeds.JSONAuthor{{Name: title}, nil}, Tags: []string{word, title},
			},
			ContentHTML: html, Language: word,
			Attachments: []jsonAttachment{{URL: link, MIMEType: word, Size: n, Duration: sec}},
			Feedloom:    &jsonExtension{Source: jsonSource{URL: link, Title: title}, Via: []jsonSource{{SiteURL: word}}},
			ITunes:      &jsonITunes{Summary: html, Episode: int(n % 1000), Categories: []string{word}},
			Podcast: &jsonPodcast{Chapters: &media.PodcastLink{URL: link, Text: title},
				Persons: []media.PodcastPerson{{Name: word, Img: link}}},
		}
		var want, got bytes.Buffer
		std := json.NewEncoder(&want)
		std.SetEscapeHTML(false)
		std.SetIndent("    ", "  ")
		stdErr := std.Encode(it)
		enc := gojson.NewEncoder(&got)
		enc.SetEscapeHTML(false)
		enc.SetIndent("    ", "  ")
		gotErr := enc.Encode(it)
		if (stdErr == nil) != (gotErr == nil) {
			t.Fatalf("encoding/json: %v; go-json: %v", stdErr, gotErr)
		}
		if stdErr == nil && !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("go-json wrote\n%s\nencoding/json\n%s", got.Bytes(), want.Bytes())
		}
	})
}
