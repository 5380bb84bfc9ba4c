package store

import (
	"bytes"
	"os"
	"strconv"
	"sync"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"
)

// releaseMapping tells the kernel that this process no longer needs the
// pages of the database file mapped in: bbolt reads the file through a
// read-only shared mapping, and every page it ever touched (with the
// kernel's fault-around, its neighbours too) would otherwise count in the
// process's resident memory until exit. The pages stay in the page cache,
// so touching them again is a cheap minor fault; the data is never
// affected (the mapping is read-only and writes go through the file).
//
// The release runs inside a read transaction: bbolt moves the mapping only
// under a lock that an open transaction holds shared, so the range cannot
// be unmapped (and its addresses reused) between finding it and releasing
// it.
func (db *DB) releaseMapping() {
	if db.bolt == nil {
		return // transient: closing the file unmapped it
	}
	tx, err := db.bolt.Begin(false)
	if err != nil {
		return
	}
	db.releaseTx(tx)
	tx.Rollback()
}

// mappingBudget is how much of the file mapping a write transaction lets
// stay resident before it gives the pages back: ingesting an item reads a
// few dozen pages of the indexes at random, each maps up to 64 KiB with
// the kernel's fault-around, and a transaction of a few hundred items into
// a large store would otherwise map most of the file. Every release costs
// refaults of the pages still in use, and with 32 MiB a cold refresh of
// 1,000 x 50 items into an empty store took 865,000 page faults and 54 s
// (64 MiB: 571,000 and 39 s, at the same 169 MB peak).
const mappingBudget = 64 << 20

// releaseTx releases the mapping from inside transaction tx, read or
// write: while tx is open only its own commit could move the mapping, so
// the call costs one madvise.
func (db *DB) releaseTx(tx *bolt.Tx) {
	if size := tx.Size(); size > 0 {
		unix.Syscall(unix.SYS_MADVISE, tx.DB().Info().Data, uintptr(size), unix.MADV_DONTNEED)
	}
}

// trimMapping releases the mapping from inside tx when the process's
// resident shared pages (the database file's mapping, and the few MB of
// the executable's own) exceed mappingBudget. Releasing costs refaults, so a store smaller than the
// budget never pays for it.
func (db *DB) trimMapping(tx *bolt.Tx) {
	if tx.Size() > mappingBudget && residentShared() > mappingBudget {
		db.releaseTx(tx)
	}
}

// residentShared returns the process's resident shared memory in bytes,
// from /proc/self/statm (its third field, in pages), or 0. The file stays
// open: a read at offset 0 regenerates it, one system call where opening
// it each time took three, so the writer can afford to ask often.
func residentShared() int64 {
	statm.once.Do(func() { statm.f, _ = os.Open("/proc/self/statm") })
	if statm.f == nil {
		return 0
	}
	var buf [128]byte
	n, _ := statm.f.ReadAt(buf[:], 0)
	fields := bytes.Fields(buf[:n])
	if len(fields) < 3 {
		return 0
	}
	pages, err := strconv.ParseInt(string(fields[2]), 10, 64)
	if err != nil {
		return 0
	}
	return pages * int64(os.Getpagesize())
}

var statm struct {
	once sync.Once
	f    *os.File
}
