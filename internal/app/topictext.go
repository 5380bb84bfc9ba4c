package app

import (
	"fmt"
	"io"
	"strings"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/topictry"
)

// WriteTopics describes every topic of col: name, output folder, sources
// covered, size (from size; nil when there is no database yet) and query.
func WriteTopics(w io.Writer, col *aggregator.Collection, size func(*aggregator.Topic) (n int, built bool, err error)) error {
	if len(col.Topics) == 0 {
		fmt.Fprintf(w, "%s declares no topics; add one, e.g. <outline type=\"topic\" text=\"Ukraine war\" query=\"ukrain* OR kyiv\"/>\n", col.Path)
		return nil
	}
	for i := range col.Topics {
		t := &col.Topics[i]
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, t.Name)
		fmt.Fprintf(w, "  output:  %s/\n", t.Slug)
		fmt.Fprintf(w, "  covers:  %s\n", scopeText(col, t.Scope))
		stories := "no database yet"
		if size != nil {
			n, built, err := size(t)
			if err != nil {
				return err
			}
			stories = plural(n, "story", "stories")
			if !built {
				stories = "not built yet: the next publish or refresh matches it against everything stored"
			}
		}
		fmt.Fprintf(w, "  stories: %s\n", stories)
		fmt.Fprintf(w, "  query:   %s\n", indentQuery(t.Query, "           "))
	}
	return nil
}

// WriteTrial prints the matches of `topics test`, newest first, and their
// count.
func WriteTrial(w io.Writer, res *topictry.QueryTrial) {
	for _, m := range res.Matches {
		fmt.Fprintf(w, "%s  %s\n", m.Item.Published.UTC().Format("2006-01-02 15:04"), itemTitle(&m.Item, m.Source))
		if m.Item.Link != "" {
			fmt.Fprintf(w, "                  %s\n", m.Item.Link)
		}
	}
	switch {
	case res.Matched == 0:
		fmt.Fprintf(w, "no stored item matches (%s read)\n", plural(res.Read, "item", "items"))
	case len(res.Matches) < res.Matched:
		fmt.Fprintf(w, "%d of %s match; the newest %d are shown (--limit 0 shows all)\n", res.Matched, plural(res.Read, "stored item", "stored items"), len(res.Matches))
	default:
		fmt.Fprintf(w, "%d of %s match\n", res.Matched, plural(res.Read, "stored item", "stored items"))
	}
}

// WriteExplained prints, for each stored item behind a link, whether and
// why a query of the given scope matches it.
func WriteExplained(w io.Writer, col *aggregator.Collection, scope string, found []topictry.Explained) {
	for i, x := range found {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s  %s\n", x.Item.Published.UTC().Format("2006-01-02 15:04"), itemTitle(&x.Item, x.Source))
		fmt.Fprintf(w, "                  %s\n", x.Item.Link)
		switch {
		case x.Source == nil:
			fmt.Fprintln(w, "note: its source is no longer in the OPML, so no output shows it")
		case !x.Covered:
			fmt.Fprintf(w, "note: the topic covers only %s, so it leaves this item out whatever the query says\n", scopeText(col, scope))
		}
		// The explanation's first line repeats the whole query in its
		// canonical form; say only the outcome.
		_, tree, _ := strings.Cut(x.Explanation.String(), "\n")
		if x.Explanation.Matched {
			fmt.Fprintln(w, "matches:")
		} else {
			fmt.Fprintln(w, "does not match:")
		}
		io.WriteString(w, tree)
	}
}

// WriteSuggestions prints the terms `topics suggest` found and the
// on-topic items the query misses.
func WriteSuggestions(w io.Writer, res *topictry.TopicSuggestions, minOn int) {
	fmt.Fprintf(w, "%d on-topic and %d off-topic examples: the query matches %d on and %d off\n",
		res.On, res.Off, res.MatchedOn, res.MatchedOff)
	if len(res.NotStored) > 0 {
		fmt.Fprintf(w, "%s not in the store (first: line %d, %s)\n", plural(len(res.NotStored), "labelled link is", "labelled links are"), res.NotStored[0].Line, res.NotStored[0].Link)
	}
	if len(res.Terms) == 0 {
		fmt.Fprintf(w, "no term would add %d or more missed on-topic items\n", minOn)
	} else {
		fmt.Fprintf(w, "\n%5s %5s  term (OR it into the query to add)\n", "+on", "+off")
		for _, t := range res.Terms {
			fmt.Fprintf(w, "%5d %5d  %s\n", t.AddOn, t.AddOff, t.Term)
		}
	}
	if len(res.Missed) > 0 {
		fmt.Fprintf(w, "\non-topic items the query misses (%d):\n", len(res.Missed))
		for _, ex := range res.Missed {
			fmt.Fprintf(w, "  %s\n      %s\n", ex.Doc.Title, ex.Key)
		}
	}
}

// scopeText says which sources a topic covers.
func scopeText(col *aggregator.Collection, scope string) string {
	if scope == "" {
		return "every source"
	}
	return fmt.Sprintf("the sources in %q (%s)", scope, plural(len(col.SourcesIn(scope)), "source", "sources"))
}

// itemTitle is "[source] title".
func itemTitle(it *aggregator.Item, src *aggregator.Source) string {
	name := it.SourceURL
	if src != nil && src.Title != "" {
		name = src.Title
	}
	title := it.Title
	if title == "" {
		title = "(untitled)"
	}
	return "[" + name + "] " + title
}

// indentQuery prints a query that may span lines under its label: its
// common indentation removed, continuation lines indented by pad.
func indentQuery(q, pad string) string {
	lines := strings.Split(strings.TrimSpace(q), "\n")
	common := -1
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if common < 0 || n < common {
			common = n
		}
	}
	for i := 1; i < len(lines); i++ {
		l := lines[i]
		if len(l) >= common && common > 0 {
			l = l[common:]
		}
		lines[i] = strings.TrimRight(pad+l, " \t")
	}
	return strings.Join(lines, "\n")
}

// plural is "1 story", "2 stories".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
