package pgstore

import (
	"context"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

// Feeds carry what they like: a NUL (which PostgreSQL's jsonb and text
// refuse), invalid UTF-8, HTML. Every item is stored and read back.
func TestRecordsKeepWhatFeedsCarry(t *testing.T) {
	db := openTest(t, Options{})
	it := item(srcA, "a1", 1)
	it.Title = "Nul\x00 and <b>bold</b> & \"quoted\""
	it.Summary = "bad \xff utf-8"
	poll(t, db, srcA, it)
	es := selectAll(t, db, aggregator.Selection{Sources: []string{srcA}})
	if len(es) != 1 || es[0].Item.Title != it.Title || es[0].Item.Summary != "bad \ufffd utf-8" {
		t.Fatalf("read back %+v", es)
	}
	var raw string
	if err := db.pool.QueryRow(context.Background(), `SELECT rec::text FROM items`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if want := "<b>bold</b> &"; !strings.Contains(raw, want) {
		t.Errorf("stored record %s: want HTML unescaped (%q)", raw, want)
	}
}
