package main

import (
	"fmt"
	"os"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/query"
	"github.com/feedloom/feedloom/aggregator/topictry"
	"github.com/feedloom/feedloom/internal/app"
	"github.com/urfave/cli/v2"
)

func topicsCommand() *cli.Command {
	topicFlag := &cli.StringFlag{Name: "topic", Usage: "use the query and scope of the OPML topic `NAME` (or its output folder) instead of a QUERY argument"}
	return &cli.Command{
		Name:        "topics",
		Usage:       "list the topics, try a query against the stored items, or find what it misses",
		Description: help("topics"),
		Subcommands: []*cli.Command{
			{
				Name:        "list",
				Usage:       "list the OPML's topics with their queries and how many stories each holds",
				Description: help("topics-list"),
				Action:      topicsList,
			},
			{
				Name:        "test",
				Usage:       "show the stored items a query matches, newest first, and how many",
				ArgsUsage:   "QUERY",
				Description: help("topics-test"),
				Flags: []cli.Flag{
					topicFlag,
					&cli.IntFlag{Name: "limit", Value: 50, Usage: "show at most `N` items (0 = all); the count is of all matches"},
				},
				Action: topicsTest,
			},
			{
				Name:        "explain",
				Usage:       "say why a stored item matches a query, or why not",
				ArgsUsage:   "QUERY ITEM-URL",
				Description: help("topics-explain"),
				Flags:       []cli.Flag{topicFlag},
				Action:      topicsExplain,
			},
			{
				Name:        "suggest",
				Usage:       "list terms that would add the on-topic items a query misses, and those items",
				ArgsUsage:   "QUERY",
				Description: help("topics-suggest"),
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
	var size func(*aggregator.Topic) (int, bool, error)
	if e != nil {
		size = func(t *aggregator.Topic) (int, bool, error) { return e.db.TopicSize(c.Context, col.TopicKey(t)) }
	}
	if err := app.WriteTopics(c.App.Writer, col, size); err != nil {
		return fatal(err)
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
	res, err := topictry.TryQuery(c.Context, e.db, e.col, q, scope, limit)
	if err != nil {
		return fatal(fmt.Errorf("topics test: %w", err))
	}
	app.WriteTrial(c.App.Writer, res)
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
	found, err := topictry.ExplainQuery(c.Context, e.db, e.col, q, scope, link)
	if err != nil {
		return fatal(fmt.Errorf("topics explain: %w", err))
	}
	if len(found) == 0 {
		return configError(fmt.Errorf("no stored item has the link %s; `feedloom topics test` lists stored items with their links", link))
	}
	app.WriteExplained(c.App.Writer, e.col, scope, found)
	return nil
}

// topicsSuggest lists the terms that would add missed on-topic items.
func topicsSuggest(c *cli.Context) error {
	labels, err := app.ReadLabelsFile(c.String("labels"))
	if err != nil {
		return configError(fmt.Errorf("topics suggest: %w", err))
	}
	e, q, _, _, err := queryEnv(c, 0)
	if err != nil {
		return err
	}
	defer e.close()
	res, err := topictry.SuggestTerms(c.Context, e.db, e.col, q, labels, c.Int("min"), c.Int("limit"))
	if err != nil {
		return fatal(fmt.Errorf("topics suggest: %w", err))
	}
	app.WriteSuggestions(c.App.Writer, res, c.Int("min"))
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
	text := ""
	if name == "" {
		text, args = args[0], args[1:]
	}
	q, scope, err := app.TopicQuery(col, name, text)
	if err != nil {
		return nil, nil, "", nil, configError(err)
	}
	e, err := openEnv(c, true)
	if err != nil {
		return nil, nil, "", nil, err
	}
	return e, q, scope, args, nil
}
