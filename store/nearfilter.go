package store

import (
	"encoding/binary"
	"math/bits"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/fingerprint"
	bolt "go.etcd.io/bbolt"
)

// nearFilter is a Bloom filter of the fingerprint keys in the
// near-duplicate index, kept by a DB between its write transactions. Most
// of a new item's eight keys are in no other story, and without the filter
// each costs a seek into every 72-hour span of the window (up to 24 seeks
// an item, each touching pages of the index); with it, a key the filter
// has never seen costs nothing. A false positive costs only the seeks.
//
// The filter is built from the index once a run has looked up enough keys
// to pay for reading it (nearFilterAfter), and kept current by FileNear;
// removals leave it a superset, which is harmless. It is valid only while
// this DB is the file's only writer: a write transaction whose id does not
// follow the last one the filter saw (another process wrote in between)
// drops it, and the next run of look-ups builds it afresh.
type nearFilter struct {
	words []uint64 // the bits; len is a power of two
	keys  int      // keys added
	limit int      // keys the size was chosen for; past it, rebuild
	// txid is the id of the last write transaction that used the filter;
	// lookups counts the look-ups made since it was last dropped.
	txid    uint64
	tx      *bolt.Tx
	lookups int
	// sigs caches the signatures the writer read for near candidates, by
	// item seq: a key common to many stories (boilerplate shared by a
	// site's items) offers the same candidates to every new item, and
	// each read was a seek to a random page of the sigs bucket, most of a
	// large cold refresh's page faults. Writes and deletes of a signature
	// update it; it is dropped with the filter.
	sigs map[uint64]cachedSig
}

type cachedSig struct {
	src aggregator.SourceID
	sig fingerprint.Signature
}

// maxCachedSigs bounds the signature cache (a signature is about 150
// bytes): when full it is emptied and fills again with what is in use.
const maxCachedSigs = 32 << 10

// nearFilterAfter is how many key look-ups a DB makes by seeking before it
// builds the filter: a refresh of a few new items into a large store would
// spend more reading the whole index than the seeks it saves.
var nearFilterAfter = 4096

// nearFilterOf returns the DB's filter for write transaction tx, dropped
// first when another writer may have come in between.
func (db *DB) nearFilterOf(tx *bolt.Tx) *nearFilter {
	f := db.near
	if f == nil {
		f = &nearFilter{}
		db.near = f
	}
	id := uint64(tx.ID())
	switch {
	case tx == f.tx:
	case id == f.txid+1:
	case id == f.txid:
		// The last transaction rolled back, leaving the id where it was:
		// the filter is a superset still, but the cache may hold
		// signatures it wrote.
		f.sigs = nil
	default:
		*f = nearFilter{}
	}
	f.txid, f.tx = id, tx
	return f
}

// nearFilterFor returns the filter tx may look keys up in, or nil while it
// has not been built (the caller seeks). It counts one look-up.
func (db *DB) nearFilterFor(tx *bolt.Tx) *nearFilter {
	f := db.nearFilterOf(tx)
	if f.words == nil || f.keys > f.limit {
		if f.lookups++; f.lookups < nearFilterAfter {
			return nil
		}
		if err := f.build(tx.Bucket(bucketNear)); err != nil {
			*f = nearFilter{txid: f.txid}
			return nil
		}
	}
	return f
}

// build fills the filter from every key of the near index, sized for
// twice as many keys as it holds now.
func (f *nearFilter) build(near *bolt.Bucket) error {
	var keys []uint64
	err := near.ForEach(func(k, _ []byte) error {
		if len(k) >= 16 {
			keys = append(keys, binary.BigEndian.Uint64(k[8:]))
		}
		return nil
	})
	if err != nil {
		return err
	}
	f.limit = 2*len(keys) + 1<<16
	// 16 bits a key and four probes: about one false positive in 400.
	f.words = make([]uint64, 1<<bits.Len(uint(f.limit*16/64)))
	f.keys = 0
	for _, k := range keys {
		f.add(k)
	}
	return nil
}

// sig returns the cached signature of item seq.
func (f *nearFilter) sig(seq uint64) (cachedSig, bool) {
	c, ok := f.sigs[seq]
	return c, ok
}

// keepSig caches the signature of item seq, or forgets it when c is nil.
func (f *nearFilter) keepSig(seq uint64, c *cachedSig) {
	if c == nil {
		delete(f.sigs, seq)
		return
	}
	if f.sigs == nil || len(f.sigs) >= maxCachedSigs {
		f.sigs = make(map[uint64]cachedSig)
	}
	f.sigs[seq] = *c
}

func (f *nearFilter) probes(k uint64) (h, step, mask uint64) {
	mask = uint64(len(f.words)*64 - 1)
	// Both halves of the key feed the probes: the low bits alone would
	// make keys equal in them indistinguishable.
	return k, bits.RotateLeft64(k, 32)*0x9e3779b97f4a7c15 | 1, mask
}

func (f *nearFilter) add(k uint64) {
	h, step, mask := f.probes(k)
	for range 4 {
		b := h & mask
		f.words[b/64] |= 1 << (b % 64)
		h += step
	}
	f.keys++
}

func (f *nearFilter) has(k uint64) bool {
	h, step, mask := f.probes(k)
	for range 4 {
		b := h & mask
		if f.words[b/64]&(1<<(b%64)) == 0 {
			return false
		}
		h += step
	}
	return true
}
