package pgstore

import (
	"context"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
)

// blockedOnLock waits until a session of db's database waits for a lock.
func blockedOnLock(t *testing.T, db *DB) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var n int
		err := db.pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
	}
	t.Fatal("no session ever waited for a lock")
}

// A commit that loses a race starts over from the caller's result as it
// came: here the retried poll is one that switches the source from GUIDs
// to links, which only the items' original identities show.
func TestCommitStartsOverFromTheCallersItems(t *testing.T) {
	db := openTest(t, Options{})
	ctx := context.Background()
	poll(t, db, srcA, raw(srcA, "run1-1", "https://a.example/1", "One", 1), raw(srcA, "run1-2", "https://a.example/2", "Two", 2))

	// Another writer changes the source's row and holds it: the commit
	// below reads its snapshot, waits for the row, and, once the other
	// commits, must start over.
	other, err := db.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback(ctx)
	if _, err := other.Exec(ctx, `UPDATE sources SET state = state WHERE url = $1`, srcA); err != nil {
		t.Fatal(err)
	}
	r := result(srcA, raw(srcA, "run2-1", "https://a.example/1", "One", 1), raw(srcA, "run2-2", "https://a.example/2", "Two", 2))
	r.State = state(t, db, srcA)
	type outcome struct {
		st  aggregator.CommitStats
		err error
	}
	done := make(chan outcome)
	go func() {
		st, err := db.Commit(ctx, []*aggregator.SourceResult{r})
		done <- outcome{st, err}
	}()
	blockedOnLock(t, db)
	if err := other.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	got := <-done
	if got.err != nil {
		t.Fatal(got.err)
	}
	if got.st.New != 0 || got.st.Updated != 0 {
		t.Errorf("retried commit %+v, want nothing new: the same links under new GUIDs", got.st)
	}
	if st := state(t, db, srcA); st.Identity != aggregator.IdentityLink {
		t.Errorf("identity %q after the retried commit, want links", st.Identity)
	}
	if id := r.Items[0].Item.Identity; id != "link:"+r.Items[0].Item.CanonicalURL {
		t.Errorf("the caller's item has identity %q, want its link's", id)
	}
	if n := countItems(t, db); n != 2 {
		t.Errorf("%d items stored, want 2", n)
	}
}
