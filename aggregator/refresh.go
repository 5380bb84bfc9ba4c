package aggregator

import (
	"context"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/feedloom/feedloom/aggregator/batch"
	"github.com/feedloom/feedloom/aggregator/fetch"
)

// Fetcher performs one poll; *fetch.Client is the real one.
type Fetcher interface {
	Fetch(ctx context.Context, r fetch.Request) (*fetch.Response, error)
}

// RefreshOptions bound a refresh. Zero values take the defaults.
type RefreshOptions struct {
	// Concurrency bounds requests in flight overall (default 8).
	Concurrency int
	// PerHost bounds requests in flight to one host (default 1).
	PerHost int
	// Parsers is the number of parse-and-normalise workers (default
	// GOMAXPROCS): parsing is CPU-bound and runs apart from fetching, so
	// one slow host never holds up the CPU.
	Parsers int
	// BatchItems bounds the items committed in one transaction.
	BatchItems int
	// BatchDelay bounds how long a result waits for its batch to commit
	// (default 250ms).
	BatchDelay time.Duration
	// StateDelay is BatchDelay for results without items (304s, failures;
	// default 2s), which also ride with the next items: losing one in a
	// crash costs one repeated poll.
	StateDelay time.Duration
	// Schedule decides when each source is next due.
	Schedule Schedule
	// MovedGrace and MovedPolls are how long, and over how many polls in
	// a row, a source must get the same permanent redirect before it
	// counts as moved (defaults 7 days and 5 polls; both must be met, so
	// a redirect left in place for an afternoon moves nothing).
	MovedGrace time.Duration
	MovedPolls int
	// Deadline, when positive, bounds the fetching of a whole run: what
	// was fetched by then is committed, and the sources not reached are
	// reported (Report.NotReached) and polled next run.
	Deadline time.Duration
}

func (o *RefreshOptions) defaults() {
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.PerHost <= 0 {
		o.PerHost = 1
	}
	if o.Parsers <= 0 {
		o.Parsers = runtime.GOMAXPROCS(0)
	}
	if o.BatchItems <= 0 {
		o.BatchItems = 500
	}
	if o.BatchDelay <= 0 {
		o.BatchDelay = 250 * time.Millisecond
	}
	if o.StateDelay <= 0 {
		o.StateDelay = 2 * time.Second
	}
	if o.MovedGrace <= 0 {
		o.MovedGrace = 7 * 24 * time.Hour
	}
	if o.MovedPolls <= 0 {
		o.MovedPolls = 5
	}
	o.Schedule.Defaults()
}

// Refresher runs the pipeline for a set of sources: fetch (bounded, polite)
// → parse and normalise (one worker per CPU) → one writer committing
// batches to the store.
type Refresher struct {
	Store      Store
	Fetcher    Fetcher
	Normaliser *Normaliser
	Options    RefreshOptions
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Progress, when set, is called after each source is committed.
	Progress func(done, total int)
	// Committed, when set, is called with each batch right after its
	// transaction committed: what a crash from then on must not lose.
	Committed func(results []*SourceResult)
	// Force says the sources were chosen whatever their schedule (on a
	// shared store, another refresher's poll in this run still counts).
	Force bool
}

// Report summarises a refresh.
type Report struct {
	Sources     int
	Fetched     int // documents parsed
	NotModified int // 304s and unchanged files
	Unchanged   int // 200s whose body was identical to the last one
	Failed      int
	// Skipped are the sources not polled because their host timed out
	// earlier in the run: one unresponsive host costs one timeout, not one
	// per source. They keep their state and are polled next run.
	Skipped []string
	// NotReached counts the sources not polled before the deadline.
	NotReached int
	// Elsewhere counts the sources that another refresher of a shared
	// store polled, or was polling (see Shared).
	Elsewhere int
	// Reused counts the items of parsed documents that were carried
	// unchanged since the source's last parsed document instead of being
	// normalised again (see Incoming.Known).
	Reused   int
	Commit   CommitStats
	Failures []Failure
	Duration time.Duration
}

// Failure is one source that failed in this run.
type Failure struct {
	URL, Title, Kind, Err string
	// Since is when the source started failing (it may have failed in
	// earlier runs too).
	Since time.Time
}

// job is one source to poll with the state it had before.
type job struct {
	src   *Source
	state SourceState
	// base is when the run started: next due times count from it.
	base time.Time
}

// fetched is a job with the outcome of its request.
type fetched struct {
	job
	resp *fetch.Response
	err  error
	at   time.Time
	took time.Duration // the fetch
}

func (r *Refresher) now() time.Time {
	if r.Now != nil {
		return r.Now().UTC()
	}
	return time.Now().UTC()
}

// Run polls sources (all of c's sources when nil) and stores the results.
// Source failures are recorded in their states and the report; only a
// store failure (or cancellation) ends the run with an error.
func (r *Refresher) Run(ctx context.Context, c *Collection, sources []*Source) (*Report, error) {
	states, err := r.Store.SourceStates(ctx)
	if err != nil {
		return nil, err
	}
	return r.RunFrom(ctx, c, sources, states)
}

// RunFrom is Run from the source states the caller has just read from the
// store (to choose the sources), so that they are not decoded twice.
func (r *Refresher) RunFrom(ctx context.Context, c *Collection, sources []*Source, states map[string]SourceState) (*Report, error) {
	start := time.Now()
	r.Options.defaults()
	if sources == nil {
		sources = c.SourcesIn("")
	}
	base := r.now()
	jobs := make([]job, len(sources))
	for i, s := range sources {
		jobs[i] = job{src: s, state: states[s.URL], base: base}
		jobs[i].state.URL = s.URL
	}
	topics := newTopicIndex(c)

	fetchedCh := make(chan fetched, r.Options.Parsers)
	resultCh := make(chan *SourceResult, r.Options.Parsers*2)
	fctx, cancelFetch := context.WithCancel(ctx)
	defer cancelFetch()
	if r.Options.Deadline > 0 {
		var cancelDeadline context.CancelFunc
		fctx, cancelDeadline = context.WithTimeout(fctx, r.Options.Deadline)
		defer cancelDeadline()
	}

	var skipped skipList
	go func() {
		r.fetchAll(fctx, jobs, fetchedCh, &skipped)
		close(fetchedCh)
	}()
	// cores holds a token for each document being processed and one for a
	// running commit: the single writer is what a large refresh waits for,
	// and its commits took a third longer when they shared their core with
	// the parse workers (1,000 x 50 items: 11.5 s of commits instead of
	// 8.7 s).
	cores := make(chan struct{}, r.Options.Parsers)
	var wg sync.WaitGroup
	for range r.Options.Parsers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range fetchedCh {
				cores <- struct{}{}
				start := time.Now()
				res := r.process(f, topics)
				<-cores
				res.FetchTime, res.ProcessTime = f.took, time.Since(start)
				resultCh <- res
			}
		}()
	}
	go func() {
		wg.Wait()
		close(resultCh)
	}()

	rep := &Report{Sources: len(jobs)}
	err := r.write(ctx, resultCh, cores, len(jobs), rep)
	if err != nil {
		cancelFetch()
		for range resultCh { // let the workers finish
		}
		return rep, err
	}
	if skipped.err != nil {
		return rep, skipped.err
	}
	rep.Skipped, rep.Elsewhere = skipped.urls, skipped.elsewhere
	rep.NotReached = len(jobs) - rep.Fetched - rep.NotModified - rep.Unchanged - rep.Failed - len(rep.Skipped) - rep.Elsewhere
	rep.Duration = time.Since(start)
	return rep, ctx.Err()
}

// skipList collects the sources skipped because their host timed out,
// counts those another refresher claimed, and keeps the first error a
// claim met.
type skipList struct {
	mu        sync.Mutex
	urls      []string
	elsewhere int
	err       error
}

// claimed reports whether this refresher may poll j (see Shared).
func (l *skipList) claimed(ctx context.Context, r *Refresher, j job) bool {
	ok, err := r.claim(ctx, j)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil && l.err == nil && ctx.Err() == nil {
		l.err = err
	}
	if !ok && err == nil {
		l.elsewhere++
	}
	return ok
}

func (l *skipList) add(u string) {
	l.mu.Lock()
	l.urls = append(l.urls, u)
	l.mu.Unlock()
}

// fetchAll polls every job, at most Concurrency at once and PerHost per
// host. A body is handed to the parsers before its slot is released, so at
// most Concurrency+Parsers bodies are held in memory.
//
// A host that times out once is not asked again in this run: its other
// sources are skipped (and keep their state), so four sources on a host
// that never answers cost one timeout, not four.
func (r *Refresher) fetchAll(ctx context.Context, jobs []job, out chan<- fetched, skipped *skipList) {
	byHost := map[string][]job{}
	var hosts []string
	for _, j := range jobs {
		h := hostOf(j.src.Location)
		if _, ok := byHost[h]; !ok {
			hosts = append(hosts, h)
		}
		byHost[h] = append(byHost[h], j)
	}
	slots := make(chan struct{}, r.Options.Concurrency)
	var wg sync.WaitGroup
	for _, h := range hosts {
		var timedOut atomic.Bool
		queue := make(chan job, len(byHost[h]))
		for _, j := range byHost[h] {
			queue <- j
		}
		close(queue)
		for range min(r.Options.PerHost, len(byHost[h])) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range queue {
					if timedOut.Load() {
						skipped.add(j.src.URL)
						continue
					}
					select {
					case slots <- struct{}{}:
					case <-ctx.Done():
						return
					}
					if timedOut.Load() { // another worker of this host timed out meanwhile
						<-slots
						skipped.add(j.src.URL)
						continue
					}
					if !skipped.claimed(ctx, r, j) {
						<-slots
						continue
					}
					release, err := r.hostSlot(ctx, h)
					if err != nil {
						<-slots
						return // cancelled; the lease runs out
					}
					f := fetched{job: j, at: r.now()}
					start := time.Now()
					f.resp, f.err = r.Fetcher.Fetch(ctx, fetch.Request{URL: j.src.Location, ETag: j.state.ETag, LastModified: j.state.LastModified,
						Header: j.src.Header, Username: j.src.Username, Password: j.src.Password})
					f.took = time.Since(start)
					release()
					if isTimeout(f.err) && !strings.HasPrefix(j.src.Location, "file:") {
						timedOut.Store(true)
					}
					if ctx.Err() != nil {
						// The run is being cancelled: an interrupted
						// request says nothing about the source, so
						// nothing is recorded.
						<-slots
						return
					}
					out <- f
					<-slots
				}
			}()
		}
	}
	wg.Wait()
}

// hostOf groups sources for the per-host limit: by host name for HTTP,
// and each local file on its own.
func hostOf(loc string) string {
	u, err := url.Parse(loc)
	if err != nil || u.Scheme == "file" {
		return loc
	}
	return strings.ToLower(u.Hostname())
}

// write is the single writer: it commits results in batches of about
// BatchItems items, one transaction each, in order (package batch). A
// commit holds one of cores, and the parse workers go on while it runs:
// a commit into a large store takes about as long as parsing a batch, and
// waiting for each left a core idle for most of the run.
func (r *Refresher) write(ctx context.Context, in <-chan *SourceResult, cores chan struct{}, total int, rep *Report) error {
	// Work already fetched and parsed is committed even when the run is
	// being cancelled; the pipeline just stops feeding new work.
	wctx := context.WithoutCancel(ctx)
	// A busy pipeline commits few large transactions; results without
	// items wait StateDelay, so 10,000 sources answering 304 one after
	// another are committed in a few large batches, not one every
	// BatchDelay.
	opts := batch.Options{Size: r.Options.BatchItems, Delay: r.Options.BatchDelay, IdleDelay: r.Options.StateDelay}
	items := func(res *SourceResult) int { return len(res.Items) }
	commit := func(results []*SourceResult) (CommitStats, error) {
		cores <- struct{}{}
		defer func() { <-cores }()
		return r.Store.Commit(wctx, results)
	}
	done := 0
	return batch.Run(in, items, opts, commit, func(results []*SourceResult, st CommitStats) {
		for _, res := range results {
			rep.count(res)
		}
		rep.Commit.Add(st)
		if r.Committed != nil {
			r.Committed(results)
		}
		done += len(results)
		if r.Progress != nil {
			r.Progress(done, total)
		}
	})
}

func (rep *Report) count(res *SourceResult) {
	st := &res.State
	switch {
	case res.Failed:
		rep.Failed++
		rep.Failures = append(rep.Failures, Failure{URL: st.URL, Title: st.Title, Kind: st.ErrorKind, Err: st.LastError, Since: st.FailingSince})
	case res.Parsed:
		rep.Fetched++
		for i := range res.Items {
			if res.Items[i].Known() {
				rep.Reused++
			}
		}
	case st.LastStatus == 304:
		rep.NotModified++
	default:
		rep.Unchanged++
	}
}

// String is the one-line summary printed with -v.
func (rep *Report) String() string {
	s := fmt.Sprintf("%d sources: %d fetched, %d not modified, %d unchanged, %d failed", rep.Sources, rep.Fetched, rep.NotModified, rep.Unchanged, rep.Failed)
	if len(rep.Skipped) > 0 {
		s += fmt.Sprintf(", %d skipped (their host timed out; polled next run)", len(rep.Skipped))
	}
	if rep.NotReached > 0 {
		s += fmt.Sprintf(", %d not reached before the deadline", rep.NotReached)
	}
	if rep.Elsewhere > 0 {
		s += fmt.Sprintf(", %d polled by other refreshers", rep.Elsewhere)
	}
	return s + fmt.Sprintf("; %d new items (%d merged into existing stories), %d updated; %s",
		rep.Commit.New, rep.Commit.Merged, rep.Commit.Updated, rep.Duration.Round(time.Millisecond))
}
