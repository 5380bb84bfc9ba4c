package pgstore

import (
	"context"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/store"
)

// backend is the method set the rest of feedloom uses of a store; both
// backends must offer it with the same signatures, so that one suite of
// tests (store/storetest) and one set of callers serve both.
type backend interface {
	aggregator.Store
	Generation(ctx context.Context) (uint64, error)
	Prune(ctx context.Context, opts aggregator.PruneOptions) (aggregator.PruneStats, error)
	MoveSource(ctx context.Context, from, to string, st aggregator.SourceState) error
	EachItem(ctx context.Context, fn func(*aggregator.Item) error) error
	EachStory(ctx context.Context, fn func(items []aggregator.Item) error) error
	ItemsByLink(ctx context.Context, link string) ([]aggregator.Item, error)
	TopicSize(ctx context.Context, key aggregator.TopicKey) (stories int, built bool, err error)
	Path() string
	Close() error
}

var (
	_ backend = (*store.DB)(nil)
	_ backend = (*DB)(nil)
)
