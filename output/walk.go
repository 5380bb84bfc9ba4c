package output

import (
	"context"
	"errors"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
)

// errWalkDone stops a feed's Source once walk has all it asked for.
var errWalkDone = errors.New("walk done")

// walk calls entry with each of f's entries, newest first, then, when
// archived is not nil, archived with each of its archive's headlines. A
// feed with a Source reads them from it again on every call, one at a
// time; the entry given to the callback is its own to keep.
func walk(ctx context.Context, f *aggregator.Feed, entry func(*aggregator.Entry) error, archived func(*aggregator.Headline) error) error {
	if f.Source == nil {
		for i := range f.Entries {
			if err := entry(&f.Entries[i]); err != nil {
				return err
			}
		}
		for i := range f.Archive {
			if archived == nil {
				break
			}
			if err := archived(&f.Archive[i]); err != nil {
				return err
			}
		}
		return nil
	}
	n := 0
	err := f.Source(ctx, func(e *aggregator.Entry) error {
		n++
		if f.Shown == 0 || n <= f.Shown {
			return entry(e)
		}
		if archived == nil {
			return errWalkDone
		}
		h := aggregator.HeadlineOf(e)
		return archived(&h)
	})
	if errors.Is(err, errWalkDone) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read the entries of output %q: %w", f.Output.Name, err)
	}
	return nil
}
