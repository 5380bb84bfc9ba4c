package app

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/output"
	"github.com/feedloom/feedloom/store"
)

// Refresh is one run of `feedloom refresh`: poll → carry moved sources
// over → prune → publish → judge health.
type Refresh struct {
	DB  Store
	Col *aggregator.Collection
	Log *slog.Logger
	// Refresher polls and stores; its Store is DB.
	Refresher *aggregator.Refresher
	// Named are the source URLs to poll (gone ones too); empty means the
	// due sources, or with Force every source that is not gone.
	Named []string
	Force bool
	// UpdateOPML rewrites the xmlUrl of sources that moved for good.
	UpdateOPML bool
	// Retention and KeepMin prune the store after the run (Retention 0
	// keeps everything).
	Retention time.Duration
	KeepMin   int
	// CheckInterval spaces out the record walk of a large store (see
	// CheckStore).
	CheckInterval time.Duration
	// Site is what is published into Out with Output options.
	Site   *Content
	Out    string
	Output output.Options
	// FailAfter is the grace period of CheckHealth.
	FailAfter time.Duration
}

// RefreshResult is what a refresh did.
type RefreshResult struct {
	Polled    *aggregator.Report
	Moves     []Move
	Pruned    aggregator.PruneStats
	Published *output.Report
	Health    Health
}

// Run runs the refresh. Every step's error says which step failed.
func (r *Refresh) Run(ctx context.Context) (*RefreshResult, error) {
	// A damaged file is reported before anything is written into it: the
	// check of the store runs while the sources are read and polled, and
	// the first commit waits for it.
	checked := r.startCheck(ctx)
	if db, ok := r.Refresher.Store.(*store.DB); ok {
		r.Refresher.Store = &checkedStore{DB: db, checked: checked}
		defer func() { r.Refresher.Store = db }()
	}
	sources, states, err := r.selectSources(ctx)
	if err != nil {
		return nil, cmp.Or(checked(), err)
	}
	if r.Log.Enabled(ctx, slog.LevelDebug) && r.Refresher.Committed == nil {
		// At debug level every committed item is logged: what a crash
		// from then on must not lose (the crash test reads it).
		r.Refresher.Committed = func(results []*aggregator.SourceResult) {
			for _, res := range results {
				if !res.Parsed {
					continue
				}
				ids := make([]string, len(res.Items))
				for i := range res.Items {
					ids[i] = res.Items[i].Item.Identity
				}
				r.Log.Debug("committed", "source", res.State.URL, "items", ids)
			}
		}
	}
	res := &RefreshResult{Polled: &aggregator.Report{}}
	if len(sources) > 0 { // Run takes no sources for every source
		// Named sources are polled now whatever their schedule, as --force polls all.
		r.Refresher.Force = r.Force || len(r.Named) > 0
		res.Polled, err = r.Refresher.RunFrom(ctx, r.Col, sources, states)
	}
	if cerr := checked(); cerr != nil {
		return nil, cerr
	}
	if err != nil {
		return nil, fmt.Errorf("refresh: %w", err)
	}
	rep := res.Polled
	for _, u := range rep.Skipped {
		r.Log.Warn("source skipped: its host timed out earlier in this run; it is polled next run", "source", u)
	}
	if rep.NotReached > 0 {
		r.Log.Warn("--deadline reached: sources not polled in this run are polled next run", "not_reached", rep.NotReached)
	}
	r.Log.Info("refresh", "sources", rep.Sources, "fetched", rep.Fetched, "not_modified", rep.NotModified,
		"failed", rep.Failed, "new_items", rep.Commit.New, "updated_items", rep.Commit.Updated, "duration", rep.Duration)
	if states, err = r.DB.SourceStates(ctx); err != nil {
		return nil, err
	}
	if r.UpdateOPML {
		if res.Moves, err = MoveSources(ctx, r.DB, r.Col, states, r.Log); err != nil {
			return nil, err
		}
	}
	if r.Retention > 0 {
		res.Pruned, err = r.DB.Prune(ctx, aggregator.PruneOptions{Before: time.Now().Add(-r.Retention), KeepMin: max(r.KeepMin, 0)})
		if err != nil {
			return nil, fmt.Errorf("prune: %w", err)
		}
	}
	if len(res.Moves) > 0 || res.Pruned.Items > 0 {
		if states, err = r.DB.SourceStates(ctx); err != nil {
			return nil, err
		}
	}
	site := *r.Site
	site.states = states // what the health page shows, read once
	if res.Published, err = Publish(ctx, &site, r.Out, r.Output); err != nil {
		return nil, err
	}
	watched := r.Col.SourcesIn("")
	if len(r.Named) > 0 {
		watched = sources
	}
	res.Health = CheckHealth(watched, states, time.Now(), r.FailAfter)
	return res, nil
}

// selectSources picks what to poll: the named sources (even gone ones),
// or every source but the gone ones with Force, or the sources that are
// due. It returns them with every source's state as the store holds it.
func (r *Refresh) selectSources(ctx context.Context) ([]*aggregator.Source, map[string]aggregator.SourceState, error) {
	var named []*aggregator.Source
	for _, u := range r.Named {
		s := r.Col.Source(u)
		if s == nil {
			return nil, nil, &InputError{fmt.Errorf("%s is not a source in %s; add it first (`feedloom sources add`)", u, r.Col.Path)}
		}
		named = append(named, s)
	}
	states, err := r.DB.SourceStates(ctx)
	switch {
	case err != nil:
		return nil, nil, err
	case len(named) > 0:
		return named, states, nil
	case r.Force:
		return aggregator.Active(r.Col.SourcesIn(""), states), states, nil
	}
	return aggregator.Due(r.Col.SourcesIn(""), states, time.Now()), states, nil
}

// startCheck starts CheckStore in the background and returns the wait
// for its result. Until it has found the file sound, Run's commits wait for
// it (and fail with its error, see checkedStore): a refresh fetches and
// parses meanwhile, but never writes into a damaged file. The walk is not
// cancelled with ctx, so that work fetched before a cancellation is still
// committed, as it is without a walk.
func (r *Refresh) startCheck(ctx context.Context) (wait func() error) {
	done := make(chan error, 1)
	go func() { done <- CheckStore(context.WithoutCancel(ctx), r.DB, r.CheckInterval) }()
	return sync.OnceValue(func() error { return <-done })
}

// checkedStore is a store.DB whose commits wait for the check of the file.
type checkedStore struct {
	*store.DB
	checked func() error
}

func (s *checkedStore) Commit(ctx context.Context, results []*aggregator.SourceResult) (aggregator.CommitStats, error) {
	if err := s.checked(); err != nil {
		return aggregator.CommitStats{}, err
	}
	return s.DB.Commit(ctx, results)
}

// CheckStore checks a store before a refresh writes into it, so that a
// refresh never goes on with a damaged file: a file of up to
// store.SmallStore whole (store.Check, what other commands run on open, see
// StoreOptions.CheckLater), a larger one record by record (CheckRecords);
// every > 0 spaces the walks of a large one out.
func CheckStore(ctx context.Context, s Store, every time.Duration) error {
	db, ok := s.(*store.DB)
	if !ok {
		return nil // PostgreSQL checks its own pages
	}
	if small, err := db.CheckSmall(ctx); small || err != nil {
		return err
	}
	if every > 0 {
		if last, err := db.LastChecked(ctx); err == nil && time.Since(last) < every {
			return nil
		}
	}
	return db.CheckRecords(ctx)
}
