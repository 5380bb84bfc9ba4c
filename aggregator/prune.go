package aggregator

import (
	"errors"
	"time"
)

// PruneOptions say which stories a prune removes.
type PruneOptions struct {
	// Before is the retention cut: stories whose position in time (their
	// first item's date) is older may be removed. Zero removes nothing.
	Before time.Time
	// KeepMin is how many of its newest stories every source keeps
	// whatever their age, so that a quiet source's outputs never go
	// empty.
	KeepMin int
	// Batch bounds the stories removed in one transaction (default 2000),
	// so a large prune never holds the writer for long and a kill loses
	// at most one batch's work, never consistency.
	Batch int
}

// PruneStats count what a prune removed.
type PruneStats struct {
	Stories, Items int
}

// ErrMoveTarget is returned by MoveSource when the store already holds
// items of the new URL: the two histories cannot be joined safely.
var ErrMoveTarget = errors.New("the store already holds items of the new URL")
