package output

import (
	"bytes"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

// renderers are the three formats, by golden file extension.
var renderers = []struct {
	ext    string
	render func(*aggregator.Feed, Options) ([]byte, error)
}{
	{"rss", RenderRSS},
	{"atom", RenderAtom},
	{"json", RenderJSON},
}

// goldenCases are the feeds the golden files pin.
func goldenCases() []struct {
	name string
	feed *aggregator.Feed
	opts Options
} {
	hub := testOptions
	hub.WebSubHub = "https://hub.example.com/"
	return []struct {
		name string
		feed *aggregator.Feed
		opts Options
	}{
		{"full", fullFeed(), testOptions},
		{"ownerless-hub", ownerlessFeed(), hub},
		{"empty", emptyFeed(), testOptions},
	}
}

func TestRenderGolden(t *testing.T) {
	for _, c := range goldenCases() {
		for _, r := range renderers {
			t.Run(c.name+"."+r.ext, func(t *testing.T) {
				got, err := r.render(c.feed, c.opts)
				if err != nil {
					t.Fatal(err)
				}
				checkGolden(t, c.name+"."+r.ext+".golden", got)
				again, err := r.render(c.feed, c.opts)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, again) {
					t.Error("rendering the same feed twice gave different bytes")
				}
			})
		}
	}
}

func TestRenderErrors(t *testing.T) {
	dup := fullFeed()
	dup.Entries[2].ID = dup.Entries[0].ID
	noID := fullFeed()
	noID.Entries[1].ID = "  "
	badSlug := fullFeed()
	badSlug.Output.Slug = "../etc"
	cases := []struct {
		name string
		feed *aggregator.Feed
		opts Options
		want string
	}{
		{"duplicate id", dup, testOptions, "share the id"},
		{"missing id", noID, testOptions, "has no id"},
		{"unsafe slug", badSlug, testOptions, "slug"},
		{"nil feed", nil, testOptions, "no feed"},
		{"no base URL", fullFeed(), Options{}, "--base-url"},
		{"relative base URL", fullFeed(), Options{BaseURL: "feeds/"}, "not an absolute URL"},
		{"bad hub", fullFeed(), Options{BaseURL: "https://x.example/", WebSubHub: "ftp://hub"}, "--websub-hub"},
	}
	for _, c := range cases {
		for _, r := range renderers {
			t.Run(c.name+"/"+r.ext, func(t *testing.T) {
				_, err := r.render(c.feed, c.opts)
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("got error %v, want one containing %q", err, c.want)
				}
			})
		}
	}
}

func TestBaseURLWithoutSlash(t *testing.T) {
	for _, r := range renderers {
		t.Run(r.ext, func(t *testing.T) {
			got, err := r.render(emptyFeed(), Options{BaseURL: "https://feeds.example.org/loom"})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(got, []byte("https://feeds.example.org/loom/nothing-yet/")) {
				t.Errorf("self link not built under the base URL with a slash added:\n%s", got)
			}
		})
	}
}

// TestAlsoVia checks that every format credits every via source, and that
// RSS carries the credit both as feedloom:via and as readable HTML.
func TestAlsoVia(t *testing.T) {
	f := fullFeed()
	for _, r := range renderers {
		t.Run(r.ext, func(t *testing.T) {
			got, err := r.render(f, testOptions)
			if err != nil {
				t.Fatal(err)
			}
			s := string(got)
			for _, want := range []string{"https://www.bbc.co.uk/news/world-1", "https://apnews.com/rss"} {
				if !strings.Contains(s, want) {
					t.Errorf("no credit to %s", want)
				}
			}
			if r.ext == "rss" {
				for _, want := range []string{"<feedloom:via", "Also via: &lt;a href=", "AP &amp;amp; Friends&lt;/a&gt;"} {
					if !strings.Contains(s, want) {
						t.Errorf("RSS lacks %q", want)
					}
				}
			}
		})
	}
}
