package app

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/query"
	"github.com/feedloom/feedloom/aggregator/topictry"
)

// TopicQuery resolves the query `topics test`, `explain` and `suggest`
// try: the query and scope of the topic named topic (by name, in any case,
// or by output folder), or else text compiled with the collection's word
// lists. Its errors are the user's to fix: a topic that does not exist, a
// query that does not compile (said as QueryProblem says it).
func TopicQuery(col *aggregator.Collection, topic, text string) (q *query.Query, scope string, err error) {
	if topic != "" {
		t := FindTopic(col, topic)
		if t == nil {
			return nil, "", fmt.Errorf("%s has no topic named %q; `feedloom topics list` shows them", col.Path, topic)
		}
		return t.Matcher, t.Scope, nil
	}
	if q, err = aggregator.CompileQuery(text, col.Lists()); err != nil {
		return nil, "", errors.New(aggregator.QueryProblem(err))
	}
	return q, "", nil
}

// ReadLabelsFile reads labelled examples (topictry.ReadLabels) from the
// file at path.
func ReadLabelsFile(path string) ([]topictry.Label, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return topictry.ReadLabels(f, path)
}

// FindTopic finds a topic by name (in any case) or output folder.
func FindTopic(col *aggregator.Collection, name string) *aggregator.Topic {
	for i := range col.Topics {
		if t := &col.Topics[i]; strings.EqualFold(t.Name, name) || t.Slug == name {
			return t
		}
	}
	return nil
}
