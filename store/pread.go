package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// pageReader looks up records of a read transaction's buckets by reading
// their pages from the file with pread, not through bbolt's mapping.
// Publishing every stored item walks the stories in time order and reads
// their item records, which lie in the file in the order they were
// committed: through the mapping nearly every record was a page fault
// (and the mapping was given back every few hundred entries to bound the
// process's memory, so the same pages faulted again in the next walk).
// --max-items 0 at 1,000 feeds x 50 items spent 2.8 s of CPU in bbolt's
// first touch of a leaf page alone. A read costs a system call and a copy
// of the leaf into a buffer that is reused; the branch pages above the
// leaves are read once a transaction and kept, and so are the stories'
// leaves (see pageReaderLeaves).
//
// It reads bbolt's page format as walkFile does (filewalk.go) and checks
// what it reads the same way: a damaged page is an error, never a panic
// or a loop. The pages of a read transaction do not change while it is
// open: bbolt reuses a freed page only once no reader can see it.
type pageReader struct {
	f      *os.File
	psize  uint64
	high   uint64            // the transaction's page count
	held   map[uint64][]byte // branch pages, and leaves of the bucket keepLeaves names
	kept   int               // bytes of branch pages held
	leaves int               // bytes of leaves held
	buf    []byte            // the last leaf read, unless held
	// keepLeaves names the bucket whose leaves are held: the stories'.
	keepLeaves []byte
}

// pageReaderBranches bounds the branch pages a pageReader keeps (a
// store of 50,000 items has some 200 KB of them with 32 KiB pages).
const pageReaderBranches = 8 << 20

// pageReaderLeaves bounds the leaves of the stories bucket a pageReader
// holds. Every entry reads its story record, then its item record: a walk
// reads each of the items' leaves a few times at most, but comes back to
// the same story leaf for every story filed on it (a 32 KiB leaf holds
// about a hundred stories), so holding those leaves halves the reads and
// their copies. 8 MB holds the story leaves of some 250,000 stories; past
// that the rest are read each time as before.
var pageReaderLeaves = 8 << 20

// pageReaderDepth bounds a descent: bbolt's trees of a few million keys
// are four or five levels deep, and a damaged branch could point back up.
const pageReaderDepth = 32

func newPageReader(tx *bolt.Tx, f *os.File) *pageReader {
	psize := uint64(tx.DB().Info().PageSize)
	return &pageReader{f: f, psize: psize, high: uint64(tx.Size()) / psize, held: map[uint64][]byte{}, keepLeaves: bucketStories}
}

// get returns the value of key in bucket b (named name, for errors), or
// nil when it holds no such record; the value is valid until the next
// call. A bucket held inline in its parent is read through bbolt.
func (r *pageReader) get(name []byte, b *bolt.Bucket, key []byte) ([]byte, error) {
	id := uint64(b.Root())
	if id == 0 {
		return b.Get(key), nil
	}
	keep := bytes.Equal(name, r.keepLeaves)
	for range pageReaderDepth {
		p, err := r.page(id, keep)
		if err != nil {
			return nil, pageDamage(name, id, err.Error())
		}
		count := int(binary.LittleEndian.Uint16(p[10:]))
		if pageHeader+count*pageElement > len(p) {
			return nil, pageDamage(name, id, "its elements do not fit in it")
		}
		var bad bool
		keyAt := func(i int, at int) []byte { // the key of element i, whose key's position is at at
			e := pageHeader + i*pageElement
			start := uint64(e) + uint64(binary.LittleEndian.Uint32(p[e+at:]))
			end := start + uint64(binary.LittleEndian.Uint32(p[e+at+4:]))
			if end > uint64(len(p)) {
				bad = true
				return nil
			}
			return p[start:end]
		}
		switch binary.LittleEndian.Uint16(p[8:]) {
		case branchPageFlag:
			if count == 0 {
				return nil, pageDamage(name, id, "a branch page without elements")
			}
			// The last element whose key is at most key, or the first: as
			// bbolt's cursor descends.
			i := sort.Search(count, func(i int) bool { return bytes.Compare(keyAt(i, 0), key) > 0 })
			if bad {
				return nil, pageDamage(name, id, "a key does not fit in it")
			}
			id = binary.LittleEndian.Uint64(p[pageHeader+max(i-1, 0)*pageElement+8:])
		case leafPageFlag:
			i := sort.Search(count, func(i int) bool { return bytes.Compare(keyAt(i, 4), key) >= 0 })
			if bad {
				return nil, pageDamage(name, id, "a key does not fit in it")
			}
			if i == count || !bytes.Equal(keyAt(i, 4), key) {
				return nil, nil
			}
			e := pageHeader + i*pageElement
			if binary.LittleEndian.Uint32(p[e:])&bucketLeafFlag != 0 {
				return nil, nil // a nested bucket, which Get does not return either
			}
			start := uint64(e) + uint64(binary.LittleEndian.Uint32(p[e+4:])) + uint64(len(key))
			end := start + uint64(binary.LittleEndian.Uint32(p[e+12:]))
			if end > uint64(len(p)) {
				return nil, pageDamage(name, id, "a record does not fit in it")
			}
			return p[start:end], nil
		default:
			return nil, pageDamage(name, id, "neither a branch nor a leaf page")
		}
	}
	return nil, pageDamage(name, id, "the tree is deeper than bbolt makes one")
}

// page returns page id with its overflow pages: a branch page, or a leaf
// when keepLeaf says so, from those held, or read and held while their
// bound allows; any other leaf in the buffer, valid until the next call.
func (r *pageReader) page(id uint64, keepLeaf bool) ([]byte, error) {
	if p, ok := r.held[id]; ok {
		return p, nil
	}
	if id < 2 || id >= r.high {
		return nil, errors.New("out of the file")
	}
	if err := r.read(id, 1); err != nil {
		return nil, err
	}
	overflow, err := pageOverflow(r.buf, id, r.high)
	if err != nil {
		return nil, err
	}
	if overflow > 0 {
		if err := r.read(id, overflow+1); err != nil {
			return nil, err
		}
	}
	switch flags := binary.LittleEndian.Uint16(r.buf[8:]); {
	case flags == branchPageFlag && r.kept+len(r.buf) <= pageReaderBranches:
		r.kept += len(r.buf)
	case flags == leafPageFlag && keepLeaf && r.leaves+len(r.buf) <= pageReaderLeaves:
		r.leaves += len(r.buf)
	default:
		return r.buf, nil
	}
	p := bytes.Clone(r.buf)
	r.held[id] = p
	return p, nil
}

// read fills the buffer with n pages from page id on.
func (r *pageReader) read(id, n uint64) (err error) {
	r.buf, err = readPages(r.f, r.buf, id, n, r.psize)
	return err
}
