package store

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// bbolt keeps two meta pages and writes them in turn; on open it takes the
// valid one with the higher transaction id. When one is damaged it thus
// falls back, without a word, to the commit before the last. feedloom
// checks both itself, under bbolt's file lock (no writer can be halfway
// through one), and reports a damaged one instead: a kill never tears a
// meta page (the write is a single page of the page cache), so a bad one
// means the file was damaged.
const (
	metaMagic    = 0xED0CDAED
	pageHeader   = 16 // id, flags, count, overflow
	metaChecksum = 56 // offset of the checksum within the meta
)

// checkMetaPages verifies the magic and checksum of both meta pages.
func checkMetaPages(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := make([]byte, pageHeader+metaChecksum+8)
	if _, err := f.ReadAt(buf, 0); err != nil {
		if err == io.EOF {
			return nil // a new, empty file: bbolt initialises it
		}
		return err
	}
	sizes := []int64{int64(binary.LittleEndian.Uint32(buf[pageHeader+8:])), int64(pageSize), int64(os.Getpagesize()), 4096}
	var first error
	for _, size := range sizes {
		if size < 1024 || size > 1<<16 {
			continue
		}
		err := checkMeta(f, 0, 0)
		if err == nil {
			err = checkMeta(f, 1, size)
		}
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	return &DamageError{Path: path, Err: fmt.Errorf("%w (the last commit would be silently lost)", first)}
}

func checkMeta(f *os.File, n int, pageSize int64) error {
	buf := make([]byte, pageHeader+metaChecksum+8)
	if _, err := f.ReadAt(buf, int64(n)*pageSize); err != nil {
		return fmt.Errorf("meta page %d: %w", n, err)
	}
	m := buf[pageHeader:]
	if binary.LittleEndian.Uint32(m) != metaMagic {
		return fmt.Errorf("meta page %d: bad magic number", n)
	}
	h := fnv.New64a()
	h.Write(m[:metaChecksum])
	if h.Sum64() != binary.LittleEndian.Uint64(m[metaChecksum:]) {
		return fmt.Errorf("meta page %d: checksum error", n)
	}
	return nil
}

// metaFields are what feedloom reads of a bbolt meta page.
type metaFields struct {
	root, freelist, pgid, txid uint64 // pgid: the page count, the high water mark
}

// readMetaPage reads meta page n of f, checking its magic and checksum.
func readMetaPage(f *os.File, n int, pageSize int64) (metaFields, error) {
	if err := checkMeta(f, n, pageSize); err != nil {
		return metaFields{}, err
	}
	m := make([]byte, metaChecksum)
	if _, err := f.ReadAt(m, int64(n)*pageSize+pageHeader); err != nil {
		return metaFields{}, fmt.Errorf("meta page %d: %w", n, err)
	}
	// magic, version, page size, flags (16), root bucket (16: its root
	// page, its sequence), freelist, pgid, txid
	le := binary.LittleEndian
	return metaFields{root: le.Uint64(m[16:]), freelist: le.Uint64(m[32:]), pgid: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}, nil
}

// freelistFlag is bbolt's page flag of a freelist page.
const freelistFlag = 0x10

// checkFreelist checks the freelist page that the current meta page names
// before bbolt reads it: bbolt reads it lazily, in the goroutine its own
// consistency check starts, where a garbled page's panic (or memory fault)
// cannot be recovered and would end the process.
func checkFreelist(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	head := make([]byte, pageHeader+metaChecksum)
	if _, err := f.ReadAt(head, 0); err != nil {
		return err
	}
	pageSize := int64(binary.LittleEndian.Uint32(head[pageHeader+8:]))
	var cur metaFields
	found := false
	for n := range 2 {
		if m, err := readMetaPage(f, n, pageSize); err == nil && (!found || m.txid > cur.txid) {
			cur, found = m, true
		}
	}
	if !found {
		return fmt.Errorf("%w: no valid meta page", ErrDamaged)
	}
	freelist, hwm := cur.freelist, cur.pgid
	if freelist == ^uint64(0) {
		return nil // not synced: bbolt rebuilds it from the tree
	}
	bad := func(what string) error {
		return fmt.Errorf("%w: freelist page %d: %s", ErrDamaged, freelist, what)
	}
	if freelist < 2 || freelist >= hwm || int64(freelist+1)*pageSize > fi.Size() {
		return bad("out of the file")
	}
	hdr := make([]byte, pageHeader+8)
	if _, err := f.ReadAt(hdr, int64(freelist)*pageSize); err != nil {
		return bad(err.Error())
	}
	if binary.LittleEndian.Uint64(hdr) != freelist || binary.LittleEndian.Uint16(hdr[8:]) != freelistFlag {
		return bad("not a freelist page")
	}
	count, start := int64(binary.LittleEndian.Uint16(hdr[10:])), int64(pageHeader)
	if count == 0xFFFF {
		count, start = int64(binary.LittleEndian.Uint64(hdr[pageHeader:])), pageHeader+8
	}
	overflow := int64(binary.LittleEndian.Uint32(hdr[12:]))
	end := int64(freelist)*pageSize + start + count*8
	if count < 0 || count > int64(hwm) || end > (int64(freelist)+overflow+1)*pageSize || end > fi.Size() {
		return bad("its count does not fit")
	}
	ids := make([]byte, count*8)
	if _, err := f.ReadAt(ids, int64(freelist)*pageSize+start); err != nil {
		return bad(err.Error())
	}
	for i := int64(0); i < count; i++ {
		if id := binary.LittleEndian.Uint64(ids[i*8:]); id < 2 || id >= hwm {
			return bad(fmt.Sprintf("lists page %d, outside the file", id))
		}
	}
	return nil
}
