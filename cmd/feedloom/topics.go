package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/query"
	"github.com/urfave/cli/v2"
)

func topicsCommand() *cli.Command {
	topicFlag := &cli.StringFlag{Name: "topic", Usage: "use the query and scope of the OPML topic `NAME` (or its output folder) instead of a QUERY argument"}
	return &cli.Command{
		Name:  "topics",
		Usage: "list the topics, try a query against the stored items, or find what it misses",
		Description: `A topic is a saved query that becomes its own output. These commands read
the store and change nothing: use them to develop a query before putting it in the OPML.`,
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "list the OPML's topics with their queries and how many stories each holds",
				Description: `Example:
   feedloom --opml feeds.opml topics list`,
				Action: topicsList,
			},
			{
				Name:      "test",
				Usage:     "show the stored items a query matches, newest first, and how many",
				ArgsUsage: "QUERY",
				Description: `Matches QUERY against every stored item of the OPML's sources, as a topic
with that query would, and prints the newest matches with their source, date and link,
then the count. Quote the query for the shell.

Examples:
   feedloom topics test 'title:ukrain* OR "black sea" NEAR/5 drone*'
   feedloom topics test --topic "Ukraine war" --limit 0`,
				Flags: []cli.Flag{
					topicFlag,
					&cli.IntFlag{Name: "limit", Value: 50, Usage: "show at most `N` items (0 = all); the count is of all matches"},
				},
				Action: topicsTest,
			},
			{
				Name:      "explain",
				Usage:     "say why a stored item matches a query, or why not",
				ArgsUsage: "QUERY ITEM-URL",
				Description: `Finds the stored item(s) whose link (or canonical URL) is ITEM-URL and shows,
term by term, which parts of QUERY matched in which field ("+") and which did not ("-").

Examples:
   feedloom topics explain 'ukrain* -sport' https://example.org/news/123
   feedloom topics explain --topic ukraine-war https://example.org/news/123`,
				Flags:  []cli.Flag{topicFlag},
				Action: topicsExplain,
			},
			{
				Name:      "suggest",
				Usage:     "list terms that would add the on-topic items a query misses, and those items",
				ArgsUsage: "QUERY",
				Description: `Reads labelled examples (--labels: one JSON object a line, {"link": "…",
"label": "on"} or "off", as in the labelled sets' items.jsonl), finds each stored item by
its link, and lists the words and two-word phrases the query does not use yet that would
add the most on-topic items it misses ("+on") for the fewest off-topic ones ("+off"),
then the on-topic items it misses.

Examples:
   feedloom topics suggest --topic "Ukraine war" --labels items.jsonl
   feedloom topics suggest --labels items.jsonl --min 3 'title:ukrain*'`,
				Flags: []cli.Flag{
					topicFlag,
					&cli.StringFlag{Name: "labels", Required: true, Usage: "labelled examples, one JSON object a line, from `FILE`"},
					&cli.IntFlag{Name: "min", Value: 2, Usage: "list only terms that would add at least `N` missed on-topic items"},
					&cli.IntFlag{Name: "limit", Value: 30, Usage: "list at most `N` terms (0 = all)"},
				},
				Action: topicsSuggest,
			},
		},
	}
}

// topicsList prints every topic: name, output folder, scope, size and
// query.
func topicsList(c *cli.Context) error {
	if c.NArg() > 0 {
		return configError(fmt.Errorf("topics list takes no arguments, got %q", c.Args().First()))
	}
	col, err := loadCollection(c)
	if err != nil {
		return err
	}
	var e *env
	if _, err := os.Stat(c.String("db")); err == nil {
		if e, err = openEnv(c, true); err != nil {
			return err
		}
		defer e.close()
	}
	w := c.App.Writer
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
		size := "no database yet"
		if e != nil {
			n, built, err := e.db.TopicSize(c.Context, col.TopicKey(t))
			if err != nil {
				return fatal(err)
			}
			size = plural(n, "story", "stories")
			if !built {
				size = "not built yet: the next publish or refresh matches it against everything stored"
			}
		}
		fmt.Fprintf(w, "  stories: %s\n", size)
		fmt.Fprintf(w, "  query:   %s\n", indentQuery(t.Query, "           "))
	}
	return nil
}

// topicsTest prints the stored items a query matches.
func topicsTest(c *cli.Context) error {
	limit := c.Int("limit")
	if limit < 0 {
		return configError(fmt.Errorf("--limit %d: use a number of items, or 0 for all", limit))
	}
	e, q, scope, _, err := queryEnv(c, 0)
	if err != nil {
		return err
	}
	defer e.close()
	res, err := aggregator.TryQuery(c.Context, e.db, e.col, q, scope, limit)
	if err != nil {
		return fatal(fmt.Errorf("topics test: %w", err))
	}
	w := c.App.Writer
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
	return nil
}

// topicsExplain says why the items behind a link match a query or not.
func topicsExplain(c *cli.Context) error {
	e, q, scope, args, err := queryEnv(c, 1)
	if err != nil {
		return err
	}
	defer e.close()
	link := args[0]
	found, err := aggregator.ExplainQuery(c.Context, e.db, e.col, q, scope, link)
	if err != nil {
		return fatal(fmt.Errorf("topics explain: %w", err))
	}
	if len(found) == 0 {
		return configError(fmt.Errorf("no stored item has the link %s; `feedloom topics test` lists stored items with their links", link))
	}
	w := c.App.Writer
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
			fmt.Fprintf(w, "note: the topic covers only %s, so it leaves this item out whatever the query says\n", scopeText(e.col, scope))
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
	return nil
}

// topicsSuggest lists the terms that would add missed on-topic items.
func topicsSuggest(c *cli.Context) error {
	f, err := os.Open(c.String("labels"))
	if err != nil {
		return configError(fmt.Errorf("topics suggest: %w", err))
	}
	labels, err := aggregator.ReadLabels(f, c.String("labels"))
	f.Close()
	if err != nil {
		return configError(fmt.Errorf("topics suggest: %w", err))
	}
	e, q, _, _, err := queryEnv(c, 0)
	if err != nil {
		return err
	}
	defer e.close()
	res, err := aggregator.SuggestTerms(c.Context, e.db, e.col, q, labels, c.Int("min"), c.Int("limit"))
	if err != nil {
		return fatal(fmt.Errorf("topics suggest: %w", err))
	}
	w := c.App.Writer
	fmt.Fprintf(w, "%d on-topic and %d off-topic examples: the query matches %d on and %d off\n",
		res.On, res.Off, res.MatchedOn, res.MatchedOff)
	if len(res.NotStored) > 0 {
		fmt.Fprintf(w, "%s not in the store (first: line %d, %s)\n", plural(len(res.NotStored), "labelled link is", "labelled links are"), res.NotStored[0].Line, res.NotStored[0].Link)
	}
	if len(res.Terms) == 0 {
		fmt.Fprintf(w, "no term would add %d or more missed on-topic items\n", c.Int("min"))
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
	return nil
}

// queryEnv opens the store read-only and compiles the query to try: the
// first argument, or the query of the topic named by --topic. want is the
// number of arguments expected after the query; they are returned.
func queryEnv(c *cli.Context, want int) (*env, *query.Query, string, []string, error) {
	args := c.Args().Slice()
	name := c.String("topic")
	usage := fmt.Sprintf("usage: feedloom topics %s %s", c.Command.Name, c.Command.ArgsUsage)
	if name == "" {
		if len(args) != want+1 {
			return nil, nil, "", nil, configError(fmt.Errorf("%s (got %d arguments; quote the query for the shell)", usage, len(args)))
		}
	} else if len(args) != want {
		return nil, nil, "", nil, configError(fmt.Errorf("%s, with --topic in place of QUERY (got %d arguments)", usage, len(args)))
	}
	col, err := loadCollection(c)
	if err != nil {
		return nil, nil, "", nil, err
	}
	var q *query.Query
	var scope string
	if name != "" {
		t := findTopic(col, name)
		if t == nil {
			return nil, nil, "", nil, configError(fmt.Errorf("%s has no topic named %q; `feedloom topics list` shows them", col.Path, name))
		}
		q, scope = t.Matcher, t.Scope
	} else {
		if q, err = aggregator.CompileQuery(args[0], col.Lists()); err != nil {
			return nil, nil, "", nil, configError(errors.New(aggregator.QueryProblem(err)))
		}
		args = args[1:]
	}
	e, err := openEnv(c, true)
	if err != nil {
		return nil, nil, "", nil, err
	}
	return e, q, scope, args, nil
}

// findTopic finds a topic by name (in any case) or output folder.
func findTopic(col *aggregator.Collection, name string) *aggregator.Topic {
	for i := range col.Topics {
		if t := &col.Topics[i]; strings.EqualFold(t.Name, name) || t.Slug == name {
			return t
		}
	}
	return nil
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
