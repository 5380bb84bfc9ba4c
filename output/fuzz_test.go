package output

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/feedloom/feedloom/aggregator"
)

// FuzzRender renders a feed built from fuzzed strings in all three formats
// and checks that every result is well-formed XML or valid JSON, and valid
// UTF-8, whatever bytes the strings hold.
func FuzzRender(f *testing.F) {
	f.Add("Tom &amp; Jerry <3", "<p>x ]]> y</p>", "https://example.com/a?b=1&c=2", "a<b & c", "en")
	f.Add("\x00\x01\xff\xfe", "]]>]]>", "javascript:alert(1)", "\uFFFE", "x")
	f.Add("", "", "", "", "")
	f.Add("\xed\xa0\x80 surrogate", "<![CDATA[", "http://[::1", "\t\n\r", "pl-PL")
	f.Fuzz(func(t *testing.T, title, body, link, category, lang string) {
		feed := &aggregator.Feed{
			Output: aggregator.Output{Kind: aggregator.KindTopic, Name: title, Slug: "fuzz", Description: body, Query: category},
			Title:  title,
			Owner:  aggregator.Person{Name: category, Email: link, URI: link},
			Entries: []aggregator.Entry{{
				ID: "urn:uuid:" + title,
				Item: aggregator.Item{
					Link: link, Title: title, Summary: body, Content: body + title,
					Authors:    []aggregator.Person{{Name: title, Email: category, URI: link}},
					Categories: []string{category, title},
					Enclosures: []aggregator.Enclosure{{URL: link, Type: category, Length: int64(len(body))}},
					Image:      link, Language: lang,
				},
				Source:    aggregator.SourceRef{URL: link, Title: category, SiteURL: link, FeedID: title},
				Via:       []aggregator.Via{{Source: aggregator.SourceRef{URL: link, Title: body}, Link: link}},
				Published: time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC),
			}},
		}
		for _, r := range renderers {
			out, err := r.render(feed, testOptions)
			if err != nil {
				t.Fatalf("%s: %v", r.ext, err)
			}
			if !utf8.Valid(out) {
				t.Fatalf("%s: invalid UTF-8", r.ext)
			}
			if r.ext == "json" {
				if !json.Valid(out) {
					t.Fatalf("invalid JSON:\n%s", out)
				}
				continue
			}
			if err := wellFormed(out); err != nil {
				t.Fatalf("%s: not well-formed: %v\n%s", r.ext, err, out)
			}
		}
	})
}

// wellFormed reads every token of an XML document with the strict decoder.
func wellFormed(doc []byte) error {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
