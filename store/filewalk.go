package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// walkFile checks every key of every bucket of tx in ascending order, and
// every record of a sealed bucket sound, by reading tx's pages from file f
// with pread, a level of each bucket's B+tree at a time in file order,
// instead of following the tree through bbolt's mapping (walkTx in the
// tests, what the store ran before). Following the tree touched the pages
// in key order, one page fault each, and the faults were most of the
// walk's cost: a refresh of a 250 MB store spent 0.9 s of CPU and 29,000
// faults walking it, and kept up to mappingBudget of the file resident.
// Reading in file order copies the file once through a small buffer.
//
// It reads bbolt's page format itself (as meta.go does for the meta and
// freelist pages), so it checks what bbolt would otherwise trust: each
// page's id, its type, that its elements and records lie within it, and
// that no page is reached twice. It reads the root bucket (the list of
// buckets) and the small buckets held inline in it the same way: bbolt's
// cursor loops for ever on an inline page that says it is a branch.
func walkFile(tx *bolt.Tx, f *os.File) error {
	w := &fileWalker{f: f, psize: uint64(tx.DB().Info().PageSize)}
	w.high = uint64(tx.Size()) / w.psize
	w.seen = make([]uint64, (w.high+63)/64)
	root, err := w.rootOf(uint64(tx.ID()))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	var buckets []walkBucketRef
	err = w.tree([]byte("(root)"), root, func(id uint64, p []byte) (first, last []byte, err error) {
		return w.leaf([]byte("(root)"), id, p, func(k, v []byte, bucket bool) error {
			if !bucket {
				return errors.New("a record outside any bucket")
			}
			if len(v) < bucketHeader {
				return errors.New("a bucket header does not fit")
			}
			buckets = append(buckets, walkBucketRef{bytes.Clone(k), binary.LittleEndian.Uint64(v), bytes.Clone(v[bucketHeader:])})
			return nil
		})
	})
	if err != nil {
		return err
	}
	for _, b := range buckets {
		check := recordCheck(b.name, sealedBucket(b.name))
		if b.root != 0 {
			if err := w.tree(b.name, b.root, func(id uint64, p []byte) ([]byte, []byte, error) {
				return w.leaf(b.name, id, p, check)
			}); err != nil {
				return err
			}
			continue
		}
		// Inline: the bucket's only page, a leaf, follows its header.
		if len(b.inline) < pageHeader || binary.LittleEndian.Uint16(b.inline[8:]) != leafPageFlag {
			return fmt.Errorf("%w: bucket %s: its inline page is not a leaf", ErrDamaged, b.name)
		}
		if _, _, err := w.leaf(b.name, 0, b.inline, check); err != nil {
			return err
		}
	}
	return nil
}

// walkPath is walkFile over the file at path, opened for the walk; called
// inside tx, so under bbolt's lock, it is the file tx reads.
func walkPath(tx *bolt.Tx, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return walkFile(tx, f)
}

// walkBucketRef is a bucket as the root bucket lists it: its root page, or
// (root 0) its inline page.
type walkBucketRef struct {
	name   []byte
	root   uint64
	inline []byte
}

// recordCheck returns the check of bucket name's records: none may hold a
// bucket (feedloom nests none), and a sealed bucket's must be sound.
func recordCheck(name []byte, sealed bool) func(k, v []byte, bucket bool) error {
	return func(k, v []byte, bucket bool) error {
		if bucket {
			return errors.New("a bucket inside a bucket")
		}
		if sealed {
			if err := verifySeal(k, v); err != nil {
				return fmt.Errorf("%s record %q: %w", name, k, &RecordError{What: string(name), Err: err})
			}
		}
		return nil
	}
}

// rootOf returns the root bucket's page in the meta page of transaction
// txid.
func (w *fileWalker) rootOf(txid uint64) (uint64, error) {
	for n := range 2 {
		if m, err := readMetaPage(w.f, n, int64(w.psize)); err == nil && m.txid == txid {
			return m.root, nil
		}
	}
	return 0, fmt.Errorf("no sound meta page of transaction %d", txid)
}

// bbolt's page format: a 16-byte header (id, flags, element count,
// overflow page count), then 16-byte elements, whose keys and values
// follow at offsets relative to each element.
const (
	branchPageFlag = 0x01
	leafPageFlag   = 0x02
	bucketLeafFlag = 0x01 // a leaf element that holds a nested bucket
	pageElement    = 16
	bucketHeader   = 16 // a bucket's value: its root page and sequence
	// fileWalkChunk bounds how much of the file walkFile reads at once;
	// it reads across gaps of up to fileWalkGap pages between the pages
	// it needs rather than make another call.
	fileWalkChunk = 1 << 20
	fileWalkGap   = 16
)

type fileWalker struct {
	f     *os.File
	psize uint64
	high  uint64   // the transaction's page count: every page id is below it
	seen  []uint64 // a bit per page already met
	buf   []byte   // the pages from at on, as last read
	at    uint64
}

// walkNode is a page to read, with its place in the bucket's key order:
// the element index taken at each branch page on the way down from the
// root.
type walkNode struct {
	id   uint64
	path []uint32
}

// walkLeaf is what the key-order check across pages keeps of a leaf.
type walkLeaf struct {
	path        []uint32
	first, last []byte
}

// tree walks the B+tree of bucket name from its root page a level at a
// time, in file order, hands each leaf page to leaf (which returns copies
// of its first and last keys), and checks that the leaves' keys ascend in
// the tree's order.
func (w *fileWalker) tree(name []byte, root uint64, leaf func(id uint64, p []byte) (first, last []byte, err error)) error {
	var leaves []walkLeaf
	for level := []walkNode{{id: root}}; len(level) > 0; {
		slices.SortFunc(level, func(a, b walkNode) int { return cmp.Compare(a.id, b.id) })
		var next []walkNode
		for i, n := range level {
			p, err := w.page(level[i:])
			if err != nil {
				return pageDamage(name, n.id, err.Error())
			}
			switch binary.LittleEndian.Uint16(p[8:]) {
			case branchPageFlag:
				count := uint64(binary.LittleEndian.Uint16(p[10:]))
				if pageHeader+count*pageElement > uint64(len(p)) {
					return pageDamage(name, n.id, "its elements do not fit in it")
				}
				if count == 0 {
					// bbolt never writes one, and its cursor indexes past
					// the end of one.
					return pageDamage(name, n.id, "a branch page without elements")
				}
				for i := range count {
					child := binary.LittleEndian.Uint64(p[pageHeader+i*pageElement+8:])
					next = append(next, walkNode{id: child, path: append(slices.Clip(n.path), uint32(i))})
				}
			case leafPageFlag:
				first, last, err := leaf(n.id, p)
				if err != nil {
					return err
				}
				switch {
				case first != nil:
					leaves = append(leaves, walkLeaf{n.path, first, last})
				case n.id != root:
					// bbolt removes a leaf that deletes have emptied; an
					// empty one below the root lost its records.
					return pageDamage(name, n.id, "an empty leaf page below the root")
				}
			default:
				return pageDamage(name, n.id, "neither a branch nor a leaf page")
			}
		}
		level = next
	}
	slices.SortFunc(leaves, func(a, b walkLeaf) int { return slices.Compare(a.path, b.path) })
	for i := 1; i < len(leaves); i++ {
		if bytes.Compare(leaves[i-1].last, leaves[i].first) >= 0 {
			return keysOutOfOrder(name)
		}
	}
	return nil
}

// leaf checks the records of leaf page id, p (0 for an inline page): that
// they lie within it, in ascending key order, and pass check; it returns
// copies of its first and last keys (nil for an empty page).
func (w *fileWalker) leaf(name []byte, id uint64, p []byte, check func(k, v []byte, bucket bool) error) (first, last []byte, err error) {
	count := uint64(binary.LittleEndian.Uint16(p[10:]))
	if pageHeader+count*pageElement > uint64(len(p)) {
		return nil, nil, pageDamage(name, id, "its elements do not fit in it")
	}
	var prev []byte
	for i := range count {
		e := p[pageHeader+i*pageElement:]
		flags := binary.LittleEndian.Uint32(e)
		pos, ksize, vsize := uint64(binary.LittleEndian.Uint32(e[4:])), uint64(binary.LittleEndian.Uint32(e[8:])), uint64(binary.LittleEndian.Uint32(e[12:]))
		start := pageHeader + i*pageElement + pos
		if start+ksize+vsize > uint64(len(p)) {
			return nil, nil, pageDamage(name, id, "a record does not fit in it")
		}
		k, v := p[start:start+ksize], p[start+ksize:start+ksize+vsize]
		if prev != nil && bytes.Compare(prev, k) >= 0 {
			return nil, nil, keysOutOfOrder(name)
		}
		prev = k
		if err := check(k, v, flags&bucketLeafFlag != 0); err != nil {
			if errors.Is(err, ErrDamaged) {
				return nil, nil, err
			}
			return nil, nil, pageDamage(name, id, err.Error())
		}
		if i == 0 {
			first = bytes.Clone(k)
		}
	}
	return first, bytes.Clone(prev), nil
}

func pageDamage(name []byte, id uint64, what string) error {
	return fmt.Errorf("%w: bucket %s: page %d: %s", ErrDamaged, name, id, what)
}

func keysOutOfOrder(name []byte) error {
	return fmt.Errorf("%w: bucket %s: keys out of order", ErrDamaged, name)
}

// page returns the page of todo[0] with its overflow pages, after checking
// that they lie within the transaction's pages and that none was met
// before. The result is valid until the next call. The pages come from the
// buffer when it holds them; otherwise one read fills it from this page up
// to the last of the pages to come (todo, in file order) that lie close
// behind one another, so that every page is read once however the
// buckets' pages interleave.
func (w *fileWalker) page(todo []walkNode) ([]byte, error) {
	id := todo[0].id
	if id < 2 || id >= w.high {
		return nil, errors.New("out of the file")
	}
	if id < w.at || (id-w.at+1)*w.psize > uint64(len(w.buf)) {
		end := id + 1
		for _, n := range todo[1:] {
			if n.id >= w.high || n.id > end+fileWalkGap || (n.id+1-id)*w.psize > fileWalkChunk {
				break
			}
			end = max(end, n.id+1)
		}
		if err := w.read(id, end-id); err != nil {
			return nil, err
		}
	}
	off := (id - w.at) * w.psize
	overflow, err := pageOverflow(w.buf[off:], id, w.high)
	if err != nil {
		return nil, err
	}
	for p := id; p <= id+overflow; p++ {
		if w.seen[p/64]&(1<<(p%64)) != 0 {
			return nil, errors.New("it is reached twice")
		}
		w.seen[p/64] |= 1 << (p % 64)
	}
	if end := off + (overflow+1)*w.psize; end <= uint64(len(w.buf)) {
		return w.buf[off:end], nil
	}
	if err := w.read(id, overflow+1); err != nil {
		return nil, err
	}
	return w.buf, nil
}

// pageOverflow checks that the page header hdr, read for page id, is page
// id's, and returns its overflow page count, which must stay below high
// (the transaction's page count).
func pageOverflow(hdr []byte, id, high uint64) (uint64, error) {
	if binary.LittleEndian.Uint64(hdr) != id {
		return 0, errors.New("it holds another page's id")
	}
	overflow := uint64(binary.LittleEndian.Uint32(hdr[12:]))
	if overflow >= high-id {
		return 0, errors.New("its overflow runs past the file")
	}
	return overflow, nil
}

// read fills the buffer with n pages from page id on.
func (w *fileWalker) read(id, n uint64) error {
	buf, err := readPages(w.f, w.buf, id, n, w.psize)
	w.buf, w.at = buf, id
	return err
}

// readPages reads n pages of size psize from page id on into buf, grown
// when it is too small, and returns it; empty after an error.
func readPages(f *os.File, buf []byte, id, n, psize uint64) ([]byte, error) {
	size := n * psize
	if uint64(cap(buf)) < size {
		buf = make([]byte, size)
	}
	buf = buf[:size]
	if _, err := f.ReadAt(buf, int64(id*psize)); err != nil {
		if errors.Is(err, io.EOF) {
			return buf[:0], errors.New("the file ends before it")
		}
		return buf[:0], err
	}
	return buf, nil
}
