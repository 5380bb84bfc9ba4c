package opml_test

import (
	"errors"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/opml"
	"github.com/feedloom/feedloom/internal/corpustest"
)

// FuzzLoad loads arbitrary bytes as the OPML configuration: never a
// panic, and every failure a *ConfigError that names what is wrong.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		`<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body><outline text="News"><outline text="A" xmlUrl="https://a.example/feed"/></outline><outline type="topic" text="T" query="ukrain* OR kyiv"/></body></opml>`,
		`<opml version="1.0"><body><outline xmlUrl="feed.xml" category="/a/b,c"/><outline xmlUrl="feed.xml"/></body></opml>`,
		`<opml><body><outline type="topic" text="bad" query="(a OR"/></body></opml>`,
		`<opml><body><outline text="x"><outline text="y"><outline xmlUrl="javascript:alert(1)"/></outline></outline></body></opml>`,
		"\xef\xbb\xbf<opml version=\"2.0\"><body/></opml>",
		"",
	} {
		f.Add([]byte(s))
	}
	for _, b := range corpustest.Seeds("realworld", 1, ".opml") {
		f.Add(b)
	}
	for _, b := range corpustest.Seeds("parsers/w3c-feedvalidator/testcases/opml", 4, ".opml", ".xml") {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := opml.Parse(data, "fuzz.opml", "/srv/feeds", aggregator.CompileQuery)
		if err != nil {
			var ce *opml.ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error is %T, want *ConfigError: %v", err, err)
			}
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if c == nil {
			t.Fatal("no collection and no error")
		}
	})
}
