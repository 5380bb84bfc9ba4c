package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// Store is what feedloom uses of a store: the pipeline's aggregator.Store
// (SourceStates, Commit, Select, TopicBuilt, BuildTopic, DropTopics), and
// the change counter, maintenance, moves and diagnostics that the commands
// use.
type Store interface {
	aggregator.Store
	// Generation is the change counter: it grows whenever something an
	// output could show changes, and only then.
	Generation(ctx context.Context) (uint64, error)
	Prune(ctx context.Context, opts aggregator.PruneOptions) (aggregator.PruneStats, error)
	MoveSource(ctx context.Context, from, to string, st aggregator.SourceState) error
	// EachItem calls fn with every item, in the order they were stored.
	EachItem(ctx context.Context, fn func(*aggregator.Item) error) error
	// EachStory calls fn with the items of every story, first-seen first.
	EachStory(ctx context.Context, fn func(items []aggregator.Item) error) error
	ItemsByLink(ctx context.Context, link string) ([]aggregator.Item, error)
	TopicSize(ctx context.Context, key aggregator.TopicKey) (stories int, built bool, err error)
	Close() error
}

// Options are the folding settings a store is opened with.
type Options struct {
	// NearDup turns near-duplicate folding on, with aggregator.NearDup{}
	// as the policy; off, only canonical URLs fold items of different
	// sources into one story.
	NearDup bool
	// Window is how far apart in time near-duplicates may be to fold. The
	// suite never passes zero, so a backend's default does not matter.
	Window time.Duration
	// Now is the store's clock: an item's first-seen time, and the update
	// time of an item changed without a newer date. The suite always sets
	// it and moves it between commits.
	Now func() time.Time
}

// defaultWindow is the window the suite opens stores with unless a
// behaviour says otherwise: feedloom's default (--near-dup-window).
const defaultWindow = 72 * time.Hour

// Run runs every behaviour as a subtest of t, each on a fresh, empty store
// that open returns. open may call t.Fatal. The suite closes every store
// it opened at the end of its subtest, before the cleanups open registered
// run, so those cleanups may check what the closed store left, then
// remove it.
func Run(t *testing.T, open func(t *testing.T, opts Options) Store) {
	o := opener(open)
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, b := range g.behaviours {
				t.Run(b.name, func(t *testing.T) { b.run(t, o) })
			}
		})
	}
}

// behaviour is one subtest: run opens the stores it needs with o.
type behaviour struct {
	name string
	run  func(t *testing.T, o opener)
}

// groups are the behaviours by theme; each file of the package holds one.
var groups = []struct {
	name       string
	behaviours []behaviour
}{
	{"Commit", commitBehaviours},
	{"Select", selectBehaviours},
	{"Topics", topicBehaviours},
	{"Prune", pruneBehaviours},
	{"Identity", identityBehaviours},
	{"NearDup", nearDupBehaviours},
	{"CanonicalURL", canonBehaviours},
	{"Update", updateBehaviours},
	{"Unchanged", unchangedBehaviours},
	{"Generation", generationBehaviours},
	{"MoveSource", moveBehaviours},
	{"Lookup", lookupBehaviours},
	{"Consistency", consistencyBehaviours},
}
