package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fold"
	bolt "go.etcd.io/bbolt"
)

// maxProblems bounds the inconsistencies Verify reports.
const maxProblems = 20

// Verify checks the whole database: bbolt's consistency check, then
// feedloom's invariants: every item belongs to exactly one story and that
// story lists it; every index entry (time, source, topic, near-duplicate,
// canonical URL, identity, current document) names a live story or item;
// every item is found again under its identity; and no two stories share
// a canonical URL. It reads everything, so its cost grows with the store:
// it is for tests and crash checks, not for every run.
func (db *DB) Verify(ctx context.Context) error {
	defer db.releaseMapping()
	var problems []error
	report := func(format string, args ...any) {
		if len(problems) < maxProblems {
			problems = append(problems, fmt.Errorf(format, args...))
		}
	}
	err := db.view(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			report("bbolt: %w", err)
		}
		if len(problems) > 0 {
			return nil
		}
		v := verifier{tx: tx, report: report}
		return v.run(ctx)
	})
	if err != nil {
		return fmt.Errorf("verify %s: %w", db.path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("verify %s: %w", db.path, errors.Join(problems...))
	}
	return nil
}

type verifier struct {
	tx      *bolt.Tx
	report  func(format string, args ...any)
	stories map[fold.StoryID]*fold.Story
	owner   map[uint64]fold.StoryID // item seq → the story that lists it
}

func (v *verifier) run(ctx context.Context) error {
	v.stories = map[fold.StoryID]*fold.Story{}
	v.owner = map[uint64]fold.StoryID{}
	err := v.tx.Bucket(bucketStories).ForEach(func(k, val []byte) error {
		s, err := decode[fold.Story](k, val, "story")
		if err != nil {
			return err
		}
		sid := fold.StoryID(be64(k))
		v.stories[sid] = s
		if !timeFiled(v.tx.Bucket(bucketByTime), s.Time, sid) {
			v.report("story %x is missing from the time index", sid)
		}
		for _, m := range s.Members {
			if prev, ok := v.owner[m.Seq]; ok {
				v.report("item %d is in stories %x and %x", m.Seq, prev, sid)
			}
			v.owner[m.Seq] = sid
			if v.tx.Bucket(bucketBySource).Get(key3(uint64(m.Source), s.Time, sid)) == nil {
				v.report("story %x is missing from the index of source %x", sid, m.Source)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := v.items(); err != nil {
		return err
	}
	v.indexes()
	return nil
}

// items checks each item against its story, its identity and the URL
// index.
func (v *verifier) items() error {
	byURL := map[string]fold.StoryID{}
	ident := v.tx.Bucket(bucketIdent)
	return v.tx.Bucket(bucketItems).ForEach(func(k, val []byte) error {
		seq := be64(k)
		rec, err := decode[fold.ItemRecord](k, val, "item")
		if err != nil {
			return err
		}
		if owner, ok := v.owner[seq]; !ok || owner != rec.Story {
			v.report("item %d (%s) names story %x, which does not list it", seq, rec.Item.Identity, rec.Story)
		}
		src := aggregator.SourceIDOf(rec.Item.SourceURL)
		if iv := ident.Get(identKey(src, rec.Item.Identity)); iv == nil {
			v.report("item %d (%s) is not found under its identity", seq, rec.Item.Identity)
		} else if s := be64(iv); s != seq {
			v.report("item %d (%s): its identity names item %d", seq, rec.Item.Identity, s)
		}
		if c := rec.Item.CanonicalURL; c != "" {
			if prev, ok := byURL[c]; ok && prev != rec.Story {
				v.report("stories %x and %x share the canonical URL %s", prev, rec.Story, c)
			}
			byURL[c] = rec.Story
		}
		return nil
	})
}

// indexes checks that every index entry names a live story or item.
func (v *verifier) indexes() {
	live := func(name string, sid fold.StoryID) {
		if _, ok := v.stories[sid]; !ok {
			v.report("%s index names missing story %x", name, sid)
		}
	}
	tailSID := func(name string) func(k, _ []byte) error {
		return func(k, _ []byte) error {
			live(name, fold.StoryID(be64(k[len(k)-8:])))
			return nil
		}
	}
	v.tx.Bucket(bucketByTime).ForEach(func(k, _ []byte) error {
		if len(k) != 16 && !isTailKey(k) {
			v.report("time index key of %d bytes, want 16 (or %d in its tail)", len(k), tailKeyLen)
			return nil
		}
		live("time", fold.StoryID(be64(k[8:16]))) // after the time, or the tail's lead
		return nil
	})
	v.tx.Bucket(bucketBySource).ForEach(func(k, _ []byte) error {
		sid := fold.StoryID(be64(k[16:]))
		s, ok := v.stories[sid]
		if !ok {
			v.report("source index names missing story %x", sid)
		} else if !s.HasSource(aggregator.SourceID(be64(k))) {
			v.report("source index files story %x under a source it does not have", sid)
		}
		return nil
	})
	v.tx.Bucket(bucketTopics).ForEach(tailSID("topic"))
	v.tx.Bucket(bucketNear).ForEach(func(k, _ []byte) error {
		if len(k) != 32 {
			v.report("near-duplicate index key of %d bytes, want 32", len(k))
			return nil
		}
		live("near-duplicate", nearSID(k))
		return nil
	})
	v.tx.Bucket(bucketURLs).ForEach(func(_, val []byte) error {
		live("canonical URL", fold.StoryID(be64(val)))
		return nil
	})
	v.tx.Bucket(bucketCurrent).ForEach(func(_, val []byte) error {
		for _, sid := range decodeCurrent(val) {
			live("current document", sid)
		}
		return nil
	})
	items := v.tx.Bucket(bucketItems)
	v.tx.Bucket(bucketIdent).ForEach(func(_, val []byte) error {
		if seq := be64(val); items.Get(u64(seq)) == nil {
			v.report("identity index names missing item %d", seq)
		}
		return nil
	})
}
