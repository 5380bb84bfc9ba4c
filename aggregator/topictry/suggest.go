package topictry

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/query"
)

// Label says whether the item behind Link is on a topic: one line of a
// labelled-examples file for `feedloom topics suggest`.
type Label struct {
	Link string
	On   bool
	Line int
}

// ReadLabels reads labelled examples, one JSON object a line, in the
// format of the labelled sets in the shared corpus: {"link": "…",
// "label": "on"} (or "off"; "borderline" lines are skipped, since they
// count neither way). "url" is accepted for "link". Blank lines and lines
// starting with "#" are skipped; name is used in messages.
func ReadLabels(r io.Reader, name string) ([]Label, error) {
	var out []Label
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var rec struct {
			Link  string `json:"link"`
			URL   string `json:"url"`
			Label string `json:"label"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			return nil, fmt.Errorf("%s:%d: not a JSON object: %w (want {\"link\": \"…\", \"label\": \"on\"})", name, n, err)
		}
		link := rec.Link
		if link == "" {
			link = rec.URL
		}
		if link == "" {
			return nil, fmt.Errorf("%s:%d: no \"link\" field: each line names a stored item by its link", name, n)
		}
		switch strings.ToLower(rec.Label) {
		case "on":
			out = append(out, Label{Link: link, On: true, Line: n})
		case "off":
			out = append(out, Label{Link: link, Line: n})
		case "borderline":
		default:
			return nil, fmt.Errorf("%s:%d: label %q: want \"on\", \"off\" or \"borderline\"", name, n, rec.Label)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no labelled lines (want {\"link\": \"…\", \"label\": \"on\"} or \"off\", one a line)", name)
	}
	return out, nil
}

// TopicSuggestions is what `feedloom topics suggest` shows.
type TopicSuggestions struct {
	*query.Suggestions
	// NotStored are the labels whose link no stored item has.
	NotStored []Label
}

// SuggestTerms looks up each labelled item in the store (by link or
// canonical URL; the first stored copy stands for a story) and runs
// query.Suggest over them with q: the terms that would add the on-topic
// items q misses, and those items. Example keys are the labels' links.
func SuggestTerms(ctx context.Context, st ItemReader, c *aggregator.Collection, q *query.Query, labels []Label, minOn, limit int) (*TopicSuggestions, error) {
	bySource := c.SourcesByURL()
	res := &TopicSuggestions{}
	examples := make([]query.Example, 0, len(labels))
	for _, l := range labels {
		items, err := st.ItemsByLink(ctx, l.Link)
		if err != nil {
			return nil, err
		}
		if len(items) == 0 {
			res.NotStored = append(res.NotStored, l)
			continue
		}
		it := &items[0]
		examples = append(examples, query.Example{
			Key: l.Link,
			On:  l.On,
			Doc: aggregator.DocOf(bySource[it.SourceURL], it, aggregator.TopicText(it)),
		})
	}
	res.Suggestions = query.Suggest(q, examples, minOn, limit)
	return res, nil
}
