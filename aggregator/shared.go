package aggregator

import (
	"context"
	"time"
)

// Shared is what a store that several refreshers use at once offers them
// (the PostgreSQL store does; a bbolt file has one refresher at a time),
// so that they split the work instead of repeating it.
type Shared interface {
	// Claim leases source url to this refresher until its result is
	// committed, or until the lease runs out if the refresher dies first.
	// It reports false when another refresher holds the source, or has
	// polled it since it was last due (with force: since the run began at
	// since), so no source is polled twice in its interval.
	Claim(ctx context.Context, url string, force bool, since time.Time) (bool, error)
	// HostSlot waits for one of perHost request slots to host, counted
	// over every refresher, and returns its release.
	HostSlot(ctx context.Context, host string, perHost int) (release func(), err error)
}

// claim asks a shared store for job j's source; a store that is not
// shared gives every source.
func (r *Refresher) claim(ctx context.Context, j job) (bool, error) {
	sh, ok := r.Store.(Shared)
	if !ok {
		return true, nil
	}
	return sh.Claim(ctx, j.src.URL, r.Force, j.base)
}

// hostSlot takes a request slot to host across refreshers on a shared
// store (within this one, fetchAll's per-host workers bound it already).
func (r *Refresher) hostSlot(ctx context.Context, host string) (func(), error) {
	sh, ok := r.Store.(Shared)
	if !ok {
		return func() {}, nil
	}
	return sh.HostSlot(ctx, host, r.Options.PerHost)
}
