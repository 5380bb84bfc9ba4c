package aggregator_test

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/feedtest"
	"github.com/feedloom/feedloom/aggregator/parse"
	"github.com/feedloom/feedloom/output"
)

// The pipeline tests run documents through what a refresh does to them
// (Parse, Normalise) and through the three renderers, then read every
// rendered document back the way a reader does.

// pipelineNow is the clock of every pipeline test: fixed, so dates clamp
// the same way on every run.
var pipelineNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

const pipelineFeedURL = "http://feed.example/dir/feed.xml"

var pipelineOptions = output.Options{BaseURL: "https://news.example/", Generator: "feedloom test"}

// ingest parses and normalises body as a refresh would, fetched from
// pipelineFeedURL with the given Content-Type.
func ingest(body []byte, contentType string) (*aggregator.Normalised, error) {
	doc, err := parse.Parse(body, contentType)
	if err != nil {
		return nil, err
	}
	src := &aggregator.Source{URL: pipelineFeedURL, Location: pipelineFeedURL}
	return aggregator.NewNormaliser().Normalise(src, doc, pipelineFeedURL, pipelineNow), nil
}

// feedOf makes an output of everything n holds, credited to its source.
func feedOf(n *aggregator.Normalised) *aggregator.Feed {
	f := &aggregator.Feed{
		Output: aggregator.Output{Kind: aggregator.KindAll, Name: "All", Slug: "all", Description: "Everything"},
		Title:  "Pipeline test",
		Owner:  aggregator.Person{Name: "Tester"},
	}
	src := aggregator.SourceRef{URL: pipelineFeedURL, Title: n.Meta.Title, SiteURL: n.Meta.SiteURL, FeedID: n.Meta.FeedID}
	for i, it := range n.Items {
		f.Entries = append(f.Entries, aggregator.Entry{
			ID:        fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i),
			Item:      it,
			Source:    src,
			Published: it.Published,
			Updated:   it.Updated,
		})
	}
	return f
}

// formats are the three renderers, by the name tests report.
var formats = []struct {
	name   string
	render func(*aggregator.Feed, output.Options) ([]byte, error)
}{
	{"rss", output.RenderRSS},
	{"atom", output.RenderAtom},
	{"json", output.RenderJSON},
}

// rendered is one format's document read back.
type rendered struct {
	format string
	doc    []byte
	fields *feedtest.Fields
}

// renderAll renders f in every format and reads each document back. An
// error names the format: a renderer failed or wrote something unreadable.
func renderAll(f *aggregator.Feed) ([]rendered, error) {
	var out []rendered
	for _, r := range formats {
		doc, err := r.render(f, pipelineOptions)
		if err != nil {
			return nil, fmt.Errorf("%s: render: %w", r.name, err)
		}
		fields, err := feedtest.Read(doc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w\n%s", r.name, err, doc)
		}
		if fields.Items != len(f.Entries) {
			return nil, fmt.Errorf("%s: read back %d items, rendered %d", r.name, fields.Items, len(f.Entries))
		}
		out = append(out, rendered{r.name, doc, fields})
	}
	return out, nil
}

// pipeline runs body through ingest and renderAll and fails t on any
// parse error, unreadable output or dangerous construct.
func pipeline(t *testing.T, body []byte, contentType string) (*aggregator.Normalised, []rendered) {
	t.Helper()
	n, err := ingest(body, contentType)
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	docs, err := renderAll(feedOf(n))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		for _, p := range d.fields.Problems() {
			t.Errorf("%s: %s", d.format, p)
		}
	}
	return n, docs
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func titleOf(items []aggregator.Item) string {
	if len(items) == 0 {
		return "(no items)"
	}
	return items[0].Title
}
