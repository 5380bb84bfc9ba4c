package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/canon"
	"github.com/feedloom/feedloom/aggregator/discover"
	"github.com/feedloom/feedloom/aggregator/opml"
)

// ListedError is returned for a URL the OPML file already lists, exactly
// or in a form that differs only in scheme, www., case or tracking
// parameters.
type ListedError struct {
	URL, OPML string
	Line      int
	As        string // the listed form, when it differs
}

func (e *ListedError) Error() string {
	if e.As != "" {
		return fmt.Sprintf("%s is already listed in %s on line %d as %s", e.URL, e.OPML, e.Line, e.As)
	}
	return fmt.Sprintf("%s is already listed in %s on line %d", e.URL, e.OPML, e.Line)
}

// NotListed returns an *InputError holding a *ListedError when col
// already has u.
func NotListed(col *aggregator.Collection, u string) error {
	if s := col.Source(u); s != nil {
		return &InputError{&ListedError{URL: u, OPML: col.Path, Line: s.Line}}
	}
	cu, err := canon.URL(u)
	if err != nil {
		return nil
	}
	for _, s := range col.Sources {
		if cs, err := canon.URL(s.Location); err == nil && cs == cu {
			return &InputError{&ListedError{URL: u, OPML: col.Path, Line: s.Line, As: s.URL}}
		}
	}
	return nil
}

// NewSource is what AddSource is asked to add.
type NewSource struct {
	// URL is a feed or a web page that announces feeds.
	URL string
	// Pick chooses among the feeds a page announces (1-based; 0 = first).
	Pick int
	// Title overrides the feed's own title; Category is the folder path.
	Title, Category string
}

// Added is what AddSource did: the discovery (every candidate, the chosen
// one) and the outline it wrote.
type Added struct {
	Discovery *discover.Discovery
	Outline   opml.NewOutline
}

// AddSource finds the feed of n.URL (discover.Discover), refuses one the
// collection already lists, and adds its outline to the OPML file. When
// discovery fails after finding candidates, Added still holds them, so
// the caller can list them.
func AddSource(ctx context.Context, col *aggregator.Collection, f aggregator.Fetcher, n NewSource) (*Added, error) {
	raw := strings.TrimSpace(n.URL)
	if err := NotListed(col, raw); err != nil {
		return nil, err
	}
	d, err := discover.Discover(ctx, f, raw, n.Pick)
	if err != nil {
		return &Added{Discovery: d}, err
	}
	chosen := d.Candidates[d.Chosen]
	if err := NotListed(col, chosen.URL); err != nil {
		return nil, err
	}
	title := strings.TrimSpace(n.Title)
	if title == "" {
		title = d.Title
	}
	o := opml.NewOutline{Title: title, XMLURL: chosen.URL, HTMLURL: d.SiteURL, Category: n.Category}
	if err := EditOPML(col.Path, func(data []byte) ([]byte, error) { return opml.AddSource(data, o) }); err != nil {
		return nil, err
	}
	return &Added{Discovery: d, Outline: o}, nil
}

// ReviveSource clears the "gone" mark a source may have from before it was
// removed: adding it again is the user saying it is worth polling. It
// reports whether there was one.
func ReviveSource(ctx context.Context, db Store, u string) (bool, error) {
	states, err := db.SourceStates(ctx)
	if err != nil {
		return false, err
	}
	st, ok := states[u]
	if !ok || !st.Gone {
		return false, nil
	}
	st.Gone = false
	st.NextDue = time.Time{} // due now
	if _, err := db.Commit(ctx, []*aggregator.SourceResult{{State: st}}); err != nil {
		return false, err
	}
	return true, nil
}

// BusyError says a store could not be opened to do something that can be
// done later by hand; how is in its message.
type BusyError struct{ Err error }

func (e *BusyError) Error() string { return e.Err.Error() }
func (e *BusyError) Unwrap() error { return e.Err }

// ReviveSourceIn is ReviveSource on the store at path, when there is one
// (none yet is not an error: there is nothing to revive). A store that
// cannot be opened (busy, say) is a *BusyError that says what to run.
func ReviveSourceIn(ctx context.Context, path string, opts StoreOptions, u string) (bool, error) {
	if _, err := os.Stat(path); err != nil && !IsPostgres(path) {
		return false, nil
	}
	db, err := OpenStore(ctx, path, opts)
	if err != nil {
		return false, &BusyError{fmt.Errorf("could not check %s for an old 410 Gone on this source (%v); if `feedloom status` shows it gone, run `feedloom refresh %s`", path, err, u)}
	}
	defer db.Close()
	return ReviveSource(ctx, db, u)
}
