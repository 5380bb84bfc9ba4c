package pgstore

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/store/pgstore/pgtest"
	"github.com/feedloom/feedloom/store/storetest"
)

// BenchmarkIngest is the bbolt store's ingest benchmark (storetest) on
// PostgreSQL: the client's CPU per item, and the server's where this
// machine runs it (its postmaster's counters, reaped backends included).
func BenchmarkIngest(b *testing.B) {
	storetest.BenchIngest(b, func(b *testing.B, opts storetest.Options) storetest.Store {
		o := Options{Window: opts.Window}
		if opts.NearDup {
			o.NearDup = aggregator.NearDup{}
		}
		db, err := Open(context.Background(), pgtest.NewDatabase(b), o)
		if err != nil {
			b.Fatal(err)
		}
		return db
	}, serverCPU())
}

// serverCPU reads the local PostgreSQL server's CPU time, or is nil when
// there is none to read: the postmaster's own and its reaped children's,
// plus its live children's (the backends serving the benchmark). Linux
// counts it in ticks of 1/100 s.
func serverCPU() func() time.Duration {
	pids, _ := filepath.Glob("/var/run/postgresql/*.pid")
	if len(pids) == 0 {
		return nil
	}
	data, err := os.ReadFile(pids[0])
	if err != nil {
		return nil
	}
	master := strings.TrimSpace(strings.SplitN(string(data), "\n", 2)[0])
	return func() time.Duration {
		var total time.Duration
		procs, _ := filepath.Glob("/proc/[0-9]*/stat")
		for _, p := range procs {
			stat, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			s := string(stat)
			i := strings.LastIndexByte(s, ')')
			if i < 0 {
				continue
			}
			f := strings.Fields(s[i+2:])
			if len(f) < 15 {
				continue
			}
			pid := strings.TrimSuffix(strings.TrimPrefix(p, "/proc/"), "/stat")
			// The postmaster with its reaped children, and its live
			// children (the backends).
			var fields []int
			switch {
			case pid == master:
				fields = []int{11, 12, 13, 14}
			case f[1] == master:
				fields = []int{11, 12}
			default:
				continue
			}
			for _, k := range fields {
				v, _ := strconv.ParseInt(f[k], 10, 64)
				total += time.Duration(v) * time.Second / 100
			}
		}
		return total
	}
}
