package aggregator

import "context"

// Store is what the pipeline needs from storage. The bbolt implementation
// lives in package store; a shared SQL store for several refreshers is a
// planned second one, so keep this small.
type Store interface {
	// SourceStates returns the stored state of every source, by URL.
	SourceStates(ctx context.Context) (map[string]SourceState, error)
	// Commit writes the results of a batch of sources in one transaction:
	// their states and their items, folded into stories.
	Commit(ctx context.Context, results []*SourceResult) (CommitStats, error)
	// SelectEach calls fn with the newest entries of one output, newest
	// first, one at a time as they are read, all from one consistent
	// read; it stops at fn's first error and returns it. fn owns each
	// entry it is given. Publishing streams through it, so an output of
	// any size is rendered without holding its entries in memory.
	SelectEach(ctx context.Context, sel Selection, fn func(*Entry) error) error
	// TopicBuilt reports whether the membership of topic key is complete.
	TopicBuilt(ctx context.Context, key TopicKey) (bool, error)
	// BuildTopic evaluates match over every stored item and records the
	// topic's membership; it returns the number of stories that matched.
	BuildTopic(ctx context.Context, key TopicKey, match func(*Item) bool) (int, error)
	// DropTopics forgets the membership of every topic not in keep.
	DropTopics(ctx context.Context, keep []TopicKey) error
}

// SharedSelector is a Store that can read the entries of several
// selections in one walk over the stories. Publishing every stored item
// in "all" and in each category read and decoded every story twice, once
// for each output it belongs to.
type SharedSelector interface {
	// SelectEachOf calls fn(i, e) with the entries of each sels[i], each
	// selection's in the order SelectEach(sels[i]) gives them and the
	// selections' interleaved story by story (every entry of a story
	// before any of the next), all from one consistent read; it stops at
	// fn's first error and returns it. An entry that is the same in
	// several selections is given to each as the same *Entry, which fn
	// must not change. No selection may be a topic's (Topic set).
	SelectEachOf(ctx context.Context, sels []Selection, fn func(i int, e *Entry) error) error
}

// Collect gathers what a store's SelectEach gives into a slice: the
// stores' Select, for callers that want the entries at once.
func Collect(ctx context.Context, each func(context.Context, Selection, func(*Entry) error) error, sel Selection) ([]Entry, error) {
	var out []Entry
	err := each(ctx, sel, func(e *Entry) error {
		out = append(out, *e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
