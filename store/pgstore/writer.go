package pgstore

import (
	"context"
	"slices"
	"sync/atomic"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
	"github.com/feedloom/feedloom/aggregator/fold"
	"github.com/jackc/pgx/v5"
)

// maxQueued bounds the writes a writer holds before it sends them.
const maxQueued = 2000

// writer is one SERIALIZABLE transaction, as the story core (package
// fold) and this package's maintenance use it.
//
// Round trips are what a commit costs, so the writer queues its writes
// and sends them ahead of its next read, in one batch; and it caches every
// record and index entry it reads or writes, so fold's repeated questions
// (an item's story, a candidate's signature, an identity it filed a moment
// ago) are answered without asking the server. Every write of the
// transaction goes through the writer, which keeps the cache its view of
// the database. Records are cloned in and out of the cache, as bbolt
// decodes a fresh copy on every read.
type writer struct {
	ctx   context.Context
	tx    pgx.Tx
	opts  Options
	batch pgx.Batch
	trips *atomic.Int64 // the DB's count of round trips

	// Absent entries are cached too: a nil record, an Ident of Seq 0, a
	// story id of 0, a zero signature.
	states  map[string]*aggregator.SourceState
	items   map[uint64]*fold.ItemRecord
	stories map[fold.StoryID]*fold.Story
	idents  map[identRef]fold.Ident
	urls    map[string]fold.StoryID
	sigs    map[uint64]sigRec
	current map[aggregator.SourceID][]fold.StoryID
	// near holds the candidates read since the last change to the near
	// index; plan the look-ups expected together (preload.go).
	near map[nearQuery][]nearCand
	plan map[[2]uint64][]uint64
	// candidates are those fold is examining (NearCandidates).
	candidates []nearCand

	// Numbers taken from the sequences and not used yet; want is how many
	// to take at once.
	itemSeqs, storyIDs []int64
	want               int
}

type identRef struct {
	src  aggregator.SourceID
	hash int64
}

type sigRec struct {
	src aggregator.SourceID
	sig fingerprint.Signature
}

type nearQuery struct {
	k, lo, hi uint64
	limit     int
}

type nearCand struct {
	id  fold.StoryID
	seq uint64
}

var _ fold.Remover = (*writer)(nil)

func newWriter(ctx context.Context, tx pgx.Tx, db *DB) *writer {
	return &writer{
		ctx: ctx, tx: tx, opts: db.opts, trips: &db.trips,
		states:  map[string]*aggregator.SourceState{},
		items:   map[uint64]*fold.ItemRecord{},
		stories: map[fold.StoryID]*fold.Story{},
		idents:  map[identRef]fold.Ident{},
		urls:    map[string]fold.StoryID{},
		sigs:    map[uint64]sigRec{},
		current: map[aggregator.SourceID][]fold.StoryID{},
		near:    map[nearQuery][]nearCand{},
		plan:    map[[2]uint64][]uint64{},
		want:    1,
	}
}

// write queues a statement.
func (w *writer) write(sql string, args ...any) error {
	w.batch.Queue(sql, args...)
	if w.batch.Len() >= maxQueued {
		return w.send()
	}
	return nil
}

// queue queues a query whose rows each handles, to be run by the next
// send.
func (w *writer) queue(sql string, args []any, each func(pgx.Rows) error) {
	w.batch.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			if err := each(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// read runs a query after the queued writes, in one round trip.
func (w *writer) read(sql string, args []any, each func(pgx.Rows) error) error {
	w.queue(sql, args, each)
	return w.send()
}

// send sends what is queued and runs the queries' handlers.
func (w *writer) send() error {
	if w.batch.Len() == 0 {
		return nil
	}
	b := w.batch
	w.batch = pgx.Batch{}
	w.trips.Add(1)
	return w.tx.SendBatch(w.ctx, &b).Close()
}

func cloneItem(r *fold.ItemRecord) *fold.ItemRecord {
	c := *r
	c.Topics, c.Near = slices.Clone(r.Topics), slices.Clone(r.Near)
	return &c
}

func cloneStory(s *fold.Story) *fold.Story {
	c := *s
	c.Members = slices.Clone(s.Members)
	return &c
}

func cloneState(st *aggregator.SourceState) *aggregator.SourceState {
	c := *st
	return &c
}

func (w *writer) State(url string) (*aggregator.SourceState, error) {
	if _, ok := w.states[url]; !ok {
		w.loadStates([]string{url})
		if err := w.send(); err != nil {
			return nil, err
		}
	}
	if st := w.states[url]; st != nil {
		return cloneState(st), nil
	}
	return nil, nil
}

func (w *writer) PutState(st *aggregator.SourceState) error {
	v, err := encode(st)
	if err != nil {
		return err
	}
	w.states[st.URL] = cloneState(st)
	return w.write(`INSERT INTO sources (url, state) VALUES ($1, $2)
		ON CONFLICT (url) DO UPDATE SET state = EXCLUDED.state`, st.URL, v)
}

func (w *writer) deleteState(url string) error {
	w.states[url] = nil
	return w.write(`DELETE FROM sources WHERE url = $1`, url)
}

func (w *writer) Item(seq uint64) (*fold.ItemRecord, error) {
	if _, ok := w.items[seq]; !ok {
		w.loadItems([]int64{int64(seq)})
		if err := w.send(); err != nil {
			return nil, err
		}
	}
	if rec := w.items[seq]; rec != nil {
		return cloneItem(rec), nil
	}
	return nil, nil
}

var _ fold.ItemStories = (*writer)(nil)

// ItemStory is Item's story, without copying the cached record.
func (w *writer) ItemStory(seq uint64) (fold.StoryID, bool, error) {
	if _, ok := w.items[seq]; !ok {
		w.loadItems([]int64{int64(seq)})
		if err := w.send(); err != nil {
			return 0, false, err
		}
	}
	if rec := w.items[seq]; rec != nil {
		return rec.Story, true, nil
	}
	return 0, false, nil
}

func (w *writer) PutItem(seq uint64, rec *fold.ItemRecord) error {
	v, err := encode(rec)
	if err != nil {
		return err
	}
	w.items[seq] = cloneItem(rec)
	return w.write(`INSERT INTO items (seq, source, story, rec) VALUES ($1, $2, $3, $4)
		ON CONFLICT (seq) DO UPDATE SET source = EXCLUDED.source, story = EXCLUDED.story, rec = EXCLUDED.rec`,
		int64(seq), int64(aggregator.SourceIDOf(rec.Item.SourceURL)), int64(rec.Story), v)
}

func (w *writer) DeleteItem(seq uint64) error {
	w.items[seq] = nil
	w.sigs[seq] = sigRec{}
	if err := w.write(`DELETE FROM sigs WHERE seq = $1`, int64(seq)); err != nil {
		return err
	}
	return w.write(`DELETE FROM items WHERE seq = $1`, int64(seq))
}

// NewItemSeq takes the next number of the item sequence. Numbers of a
// transaction that rolls back are lost: the sequence leaves gaps, which
// nothing minds.
func (w *writer) NewItemSeq() (uint64, error) {
	v, err := w.take(&w.itemSeqs, "item_seq")
	return uint64(v), err
}

func (w *writer) Story(id fold.StoryID) (*fold.Story, error) {
	if _, ok := w.stories[id]; !ok {
		if w.candidates != nil {
			w.loadCandidates()
		}
		w.loadStories([]int64{int64(id)})
		if err := w.send(); err != nil {
			return nil, err
		}
	}
	if s := w.stories[id]; s != nil {
		return cloneStory(s), nil
	}
	return nil, nil
}

func (w *writer) PutStory(id fold.StoryID, s *fold.Story) error {
	v, err := encode(s)
	if err != nil {
		return err
	}
	w.stories[id] = cloneStory(s)
	return w.write(`INSERT INTO stories (id, time, rec) VALUES ($1, $2, $3)
		ON CONFLICT (id) DO UPDATE SET time = EXCLUDED.time, rec = EXCLUDED.rec`,
		int64(id), timeCol(s.Time), v)
}

// DeleteStory deletes story id; the stories table is its own time index.
func (w *writer) DeleteStory(id fold.StoryID, _ uint64) error {
	w.stories[id] = nil
	return w.write(`DELETE FROM stories WHERE id = $1`, int64(id))
}

// NewStory takes the next story id. The stories table is its own time
// index: PutStory files the story there.
func (w *writer) NewStory(uint64) (fold.StoryID, error) {
	v, err := w.take(&w.storyIDs, "story_seq")
	return fold.StoryID(v), err
}

// take returns the next of the numbers taken from sequence seq, taking
// w.want of them when none is left.
func (w *writer) take(pool *[]int64, seq string) (int64, error) {
	if len(*pool) == 0 {
		err := w.read(`SELECT nextval('`+seq+`') FROM generate_series(1, $1)`, []any{max(w.want, 1)}, func(rows pgx.Rows) error {
			var v int64
			err := rows.Scan(&v)
			*pool = append(*pool, v)
			return err
		})
		if err != nil {
			return 0, err
		}
		slices.Sort(*pool)
	}
	v := (*pool)[0]
	*pool = (*pool)[1:]
	return v, nil
}

func (w *writer) Ident(src aggregator.SourceID, identity string) (fold.Ident, bool, error) {
	ref := identRef{src, identHash(identity)}
	if _, ok := w.idents[ref]; !ok {
		w.loadIdents(src, []int64{ref.hash})
		if err := w.send(); err != nil {
			return fold.Ident{}, false, err
		}
	}
	v := w.idents[ref]
	return v, v.Seq != 0, nil
}

func (w *writer) FileIdent(src aggregator.SourceID, identity string, v fold.Ident) error {
	ref := identRef{src, identHash(identity)}
	w.idents[ref] = v
	return w.write(`INSERT INTO ident (source, ident, seq, link) VALUES ($1, $2, $3, $4)
		ON CONFLICT (source, ident) DO UPDATE SET seq = EXCLUDED.seq, link = EXCLUDED.link`,
		int64(src), ref.hash, int64(v.Seq), int64(v.Link))
}

func (w *writer) UnfileIdent(src aggregator.SourceID, identity string) error {
	ref := identRef{src, identHash(identity)}
	w.idents[ref] = fold.Ident{}
	return w.write(`DELETE FROM ident WHERE source = $1 AND ident = $2`, int64(src), ref.hash)
}

func (w *writer) StoryByURL(canonical string) (fold.StoryID, bool, error) {
	if _, ok := w.urls[canonical]; !ok {
		w.loadURLs([]string{canonical})
		if err := w.send(); err != nil {
			return 0, false, err
		}
	}
	id := w.urls[canonical]
	return id, id != 0, nil
}

// FileURL files story id under a canonical URL unless a story holds it
// already. Two transactions filing one URL at once cannot both succeed:
// the unique key makes the later one fail and start over, and then join
// the story of the first.
func (w *writer) FileURL(canonical string, id fold.StoryID) error {
	held, known := w.urls[canonical]
	if held != 0 {
		return nil
	}
	if known {
		w.urls[canonical] = id
	}
	return w.write(`INSERT INTO urls (canonical, story) VALUES ($1, $2) ON CONFLICT (canonical) DO NOTHING`,
		urlKey(canonical), int64(id))
}

func (w *writer) UnfileURL(canonical string) error {
	w.urls[canonical] = 0
	return w.write(`DELETE FROM urls WHERE canonical = $1`, urlKey(canonical))
}

func (w *writer) FileNear(k, t uint64, id fold.StoryID, seq uint64) error {
	clear(w.near)
	return w.write(`INSERT INTO near (key, time, story, seq) VALUES ($1, $2, $3, $4)
		ON CONFLICT (key, time, story) DO UPDATE SET seq = EXCLUDED.seq`,
		int64(k), timeCol(t), int64(id), int64(seq))
}

func (w *writer) UnfileNear(k, t uint64, id fold.StoryID) error {
	clear(w.near)
	return w.write(`DELETE FROM near WHERE key = $1 AND time = $2 AND story = $3`, int64(k), timeCol(t), int64(id))
}

func (w *writer) Signature(seq uint64) (aggregator.SourceID, fingerprint.Signature, error) {
	if _, ok := w.sigs[seq]; !ok {
		w.loadSigs([]int64{int64(seq)})
		if err := w.send(); err != nil {
			return 0, fingerprint.Signature{}, err
		}
	}
	s := w.sigs[seq]
	return s.src, s.sig, nil
}

func (w *writer) PutSignature(seq uint64, src aggregator.SourceID, sig *fingerprint.Signature) error {
	b, _ := sig.AppendBinary(nil) // never fails
	w.sigs[seq] = sigRec{src: src, sig: *sig}
	return w.write(`INSERT INTO sigs (seq, source, sig) VALUES ($1, $2, $3)
		ON CONFLICT (seq) DO UPDATE SET source = EXCLUDED.source, sig = EXCLUDED.sig`,
		int64(seq), int64(src), b)
}

func (w *writer) FileSource(src aggregator.SourceID, t uint64, id fold.StoryID) error {
	return w.write(`INSERT INTO bysource (source, time, story) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		int64(src), timeCol(t), int64(id))
}

func (w *writer) UnfileSource(src aggregator.SourceID, t uint64, id fold.StoryID) error {
	return w.write(`DELETE FROM bysource WHERE source = $1 AND time = $2 AND story = $3`, int64(src), timeCol(t), int64(id))
}

func (w *writer) FileTopic(k aggregator.TopicKey, t uint64, id fold.StoryID) error {
	return w.write(`INSERT INTO topics (topic, time, story) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		int64(k), timeCol(t), int64(id))
}

func (w *writer) UnfileTopic(k aggregator.TopicKey, t uint64, id fold.StoryID) error {
	return w.write(`DELETE FROM topics WHERE topic = $1 AND time = $2 AND story = $3`, int64(k), timeCol(t), int64(id))
}

func (w *writer) PutCurrent(src aggregator.SourceID, ids []fold.StoryID) error {
	w.current[src] = slices.Clone(ids)
	return w.write(`INSERT INTO current (source, stories) VALUES ($1, $2)
		ON CONFLICT (source) DO UPDATE SET stories = EXCLUDED.stories`, int64(src), int64s(ids))
}

// Listed reports whether source src's last document listed story id.
func (w *writer) Listed(src aggregator.SourceID, id fold.StoryID) (bool, error) {
	if _, ok := w.current[src]; !ok {
		w.loadCurrent([]int64{int64(src)})
		if err := w.send(); err != nil {
			return false, err
		}
	}
	_, found := slices.BinarySearch(w.current[src], id)
	return found, nil
}

// generationShards spreads the change counter over rows, so that workers
// committing different sources at once do not all update one row.
const generationShards = 16

// bumpGeneration counts one change, in the shard of source src.
func (w *writer) bumpGeneration(src aggregator.SourceID) error {
	return w.write(`INSERT INTO generation (shard, n) VALUES ($1, 1)
		ON CONFLICT (shard) DO UPDATE SET n = generation.n + 1`, int32(uint64(src)%generationShards))
}

func int64s[T ~uint64](v []T) []int64 {
	out := make([]int64, len(v))
	for i, x := range v {
		out[i] = int64(x)
	}
	return out
}
