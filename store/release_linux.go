package store

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// releaseMapping tells the kernel that this process no longer needs the
// pages of the database file mapped in: bbolt reads the file through a
// read-only shared mapping, and every page it ever touched (with the
// kernel's fault-around, its neighbours too) would otherwise count in the
// process's resident memory until exit. The pages stay in the page cache,
// so touching them again is a cheap minor fault; the data is never
// affected (the mapping is read-only and writes go through the file).
func (db *DB) releaseMapping() {
	fi, err := os.Stat(db.path)
	if err != nil {
		return
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return
	}
	defer f.Close()
	inode := strconv.FormatUint(st.Ino, 10)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// start-end perms offset dev inode path
		fields := bytes.Fields(sc.Bytes())
		if len(fields) < 6 || string(fields[4]) != inode {
			continue
		}
		start, end, ok := bytes.Cut(fields[0], []byte("-"))
		if !ok {
			continue
		}
		lo, err1 := strconv.ParseUint(string(start), 16, 64)
		hi, err2 := strconv.ParseUint(string(end), 16, 64)
		if err1 != nil || err2 != nil || hi <= lo {
			continue
		}
		unix.Syscall(unix.SYS_MADVISE, uintptr(lo), uintptr(hi-lo), unix.MADV_DONTNEED)
	}
}
