// Command loadgen is the load test of `feedloom serve` (run by
// scripts/bench-serve.sh): CLIENTS concurrent clients fetch the given
// paths for DURATION, half of the requests conditional (If-None-Match
// with the ETag the client last saw for that path), half full, and it
// prints requests per second, latency percentiles and errors.
package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() {
	base := flag.String("base", "http://127.0.0.1:8080", "server `URL`")
	paths := flag.String("paths", "/all/rss.xml,/all/atom.xml,/all/feed.json,/all/,/", "comma-separated `PATHS` to fetch")
	clients := flag.Int("c", 200, "concurrent clients")
	duration := flag.Duration("d", 20*time.Second, "how long")
	flag.Parse()
	list := strings.Split(*paths, ",")
	tr := &http.Transport{MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients}
	deadline := time.Now().Add(*duration)
	var mu sync.Mutex
	var lat []time.Duration
	codes := map[int]int{}
	errs := 0
	var wg sync.WaitGroup
	for i := 0; i < *clients; i++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 1))
			etags := map[string]string{}
			var mine []time.Duration
			mycodes := map[int]int{}
			myerrs := 0
			for time.Now().Before(deadline) {
				p := list[r.IntN(len(list))]
				req, _ := http.NewRequest("GET", *base+p, nil)
				req.Header.Set("Accept-Encoding", "gzip")
				if r.IntN(2) == 0 && etags[p] != "" {
					req.Header.Set("If-None-Match", etags[p])
				}
				start := time.Now()
				resp, err := tr.RoundTrip(req)
				if err != nil {
					myerrs++
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(start))
				mycodes[resp.StatusCode]++
				if resp.StatusCode != 200 && resp.StatusCode != 304 {
					myerrs++
				}
				if e := resp.Header.Get("ETag"); e != "" {
					etags[p] = e
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			for c, n := range mycodes {
				codes[c] += n
			}
			errs += myerrs
			mu.Unlock()
		}(uint64(i))
	}
	wg.Wait()
	slices.Sort(lat)
	pct := func(q float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(q*float64(len(lat))))]
	}
	fmt.Printf("%d clients, %s: %d requests, %.0f req/s, p50 %s, p99 %s, max %s, statuses %v, errors %d\n",
		*clients, *duration, len(lat), float64(len(lat))/duration.Seconds(), pct(0.50).Round(time.Microsecond),
		pct(0.99).Round(time.Microsecond), pct(1).Round(time.Microsecond), codes, errs)
	if errs > 0 {
		os.Exit(1)
	}
}
