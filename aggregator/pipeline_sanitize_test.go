package aggregator_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator/sanitize"
	"github.com/feedloom/feedloom/internal/corpustest"
)

// TestPipelineSanitizeCorpus sends every case of feedparser's
// wellformed/sanitize suite through the whole pipeline (charset, gofeed,
// normalise, the three renderers) and reads the published documents back:
// nothing dangerous may be left in any body or URL of any format, and the
// harmless text the case's Expect line keeps must be published, in every
// format, in the field it came from. sanitize's own corpus test checks the
// sanitiser alone, field by field; this one proves that nothing between
// fetch and publish undoes it.
func TestPipelineSanitizeCorpus(t *testing.T) {
	dir := corpustest.Dir(t, "parsers", "feedparser", "tests", "wellformed", "sanitize")
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in %s: %v", dir, err)
	}
	policy := sanitize.New()
	var checked, removalOnly, unpublished int
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			n, docs := pipeline(t, body, "application/xml")
			m := corpustest.ExpectLine.FindSubmatch(body)
			if m == nil {
				t.Fatal("no Expect line")
			}
			fm := corpustest.ExpectField.FindStringSubmatch(string(m[1]))
			if fm == nil {
				removalOnly++
				return
			}
			expected, ok := corpustest.PythonStrings(fm[2])
			if !ok {
				t.Fatalf("cannot read the expected value in %q", m[1])
			}
			base := mustURL(pipelineFeedURL)
			if b := corpustest.XMLBase.FindSubmatch(body); b != nil {
				base = mustURL(string(b[1]))
			}
			want := sanitize.Text(policy.HTML(expected, base))
			if dev, ok := corpustest.TextDeviations[name]; ok {
				want = dev
			}
			if dev, ok := titleDeviations[name]; ok {
				want = dev
			}
			role := publishedRole(name, fm[1])
			if role == "" {
				unpublished++ // feed subtitles, rights and the like: feedloom publishes none
				return
			}
			if want == "" {
				removalOnly++
				return
			}
			if fm[1] == "feed['title']" {
				// Published as the source's name with each item; these
				// cases have no items, so it is checked where it is kept.
				if n.Meta.Title != want {
					t.Errorf("source title = %q, want %q", n.Meta.Title, want)
				}
				checked++
				return
			}
			for _, d := range docs {
				var texts []string
				if role == "html" {
					for _, h := range d.fields.HTML {
						texts = append(texts, sanitize.Text(h))
					}
				} else {
					texts = d.fields.Text
				}
				if !slices.Contains(texts, want) {
					t.Errorf("%s: %q not published; %s fields: %q", d.format, want, role, texts)
				}
			}
			checked++
		})
	}
	t.Logf("%d cases: nothing dangerous in any format; harmless text published in all three formats in %d, "+
		"removal only in %d, field not published by feedloom in %d", len(files), checked, removalOnly, unpublished)
}

// titleDeviations are the cases where a title, being plain text, keeps
// less than feedparser's HTML reading of it: sanitize.Text drops what an
// unclosed <object> encloses, since a title never renders one.
var titleDeviations = map[string]string{
	"entry_title_object.xml": "safe",
	"feed_title_object.xml":  "safe",
}

// publishedRole tells where feedloom publishes the field a case's Expect
// line names: "html" for an item's summary or content, "text" for an
// item's title or the source's title, "" for what feedloom does not
// publish (feed subtitles, rights, and elements gofeed does not read).
func publishedRole(file, field string) string {
	switch {
	case strings.Contains(file, "_body_") || strings.Contains(file, "_fullitem_") || strings.HasPrefix(file, "feed_info"):
		return "" // xhtml:body, fullitem and Atom 0.3 info: gofeed does not read them
	case field == "entries[0]['title']", field == "feed['title']":
		return "text"
	case strings.HasPrefix(field, "entries[0]"):
		return "html"
	}
	return ""
}
