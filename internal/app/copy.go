package app

import (
	"bufio"
	"context"
	"fmt"
	"os"

	"github.com/feedloom/feedloom/store"
	"github.com/feedloom/feedloom/store/dump"
	"github.com/feedloom/feedloom/store/pgstore"
)

// copyable is a store that can be copied whole (package dump): both
// backends are.
type copyable interface {
	Export(ctx context.Context, fn func(dump.ReadTx) error) error
	Import(ctx context.Context, fn func(dump.WriteTx) error) error
}

// Migrate copies the store that from names into the store that to names,
// which must be empty (a new file, or a database feedloom has not used):
// sources' state, items, stories and topic membership, so that the
// outputs published from the copy are those of the original. The original
// is only read.
func Migrate(ctx context.Context, from, to string, opts StoreOptions) error {
	if from == to {
		return &InputError{fmt.Errorf("migrate: --from and --to are both %s", from)}
	}
	ropts := opts
	ropts.ReadOnly = true
	src, err := OpenStore(ctx, from, ropts)
	if err != nil {
		return err
	}
	defer src.Close()
	return copyInto(ctx, src, to, opts)
}

// copyInto copies src into the store that to names.
func copyInto(ctx context.Context, src Store, to string, opts StoreOptions) error {
	if err := checkFolder(to, true); err != nil {
		return err
	}
	dst, err := OpenStore(ctx, to, opts)
	if err != nil {
		return err
	}
	defer dst.Close()
	from, into := src.(copyable), dst.(copyable)
	err = from.Export(ctx, func(rt dump.ReadTx) error {
		return into.Import(ctx, func(wt dump.WriteTx) error { return dump.Copy(ctx, rt, wt) })
	})
	if err != nil {
		return fmt.Errorf("copy %s into %s: %w", src.Path(), dst.Path(), err)
	}
	return nil
}

// Restore loads a backup into the store that to names, which must be
// empty: a dump (what `backup` writes from PostgreSQL) or a database file
// (what it writes from bbolt), into either backend.
func Restore(ctx context.Context, file, to string, opts StoreOptions) error {
	f, err := os.Open(file)
	if err != nil {
		return &InputError{fmt.Errorf("restore: %w", err)}
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	if first, err := r.Peek(1); err != nil || first[0] != '{' {
		// Not a dump: a copy of a bbolt store.
		ropts := opts
		ropts.ReadOnly = true
		src, err := store.Open(file, ropts.Options)
		if err != nil {
			return &InputError{fmt.Errorf("restore %s: neither a feedloom dump nor a database file (%v)", file, err)}
		}
		defer src.Close()
		return copyInto(ctx, src, to, opts)
	}
	if err := checkFolder(to, true); err != nil {
		return err
	}
	dst, err := OpenStore(ctx, to, opts)
	if err != nil {
		return err
	}
	defer dst.Close()
	err = dst.(copyable).Import(ctx, func(wt dump.WriteTx) error { return dump.Read(ctx, r, wt) })
	if err != nil {
		return fmt.Errorf("restore %s into %s: %w", file, dst.Path(), err)
	}
	return nil
}

var (
	_ copyable      = (*store.DB)(nil)
	_ copyable      = (*pgstore.DB)(nil)
	_ publishLocker = (*pgstore.DB)(nil)
)
