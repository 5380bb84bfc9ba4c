package app

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/output"
	"github.com/feedloom/feedloom/output/httpserve"
)

// Serve is `feedloom serve`: it polls each source when it is due (the same
// scheduling, politeness and health rules as refresh), publishes new items
// within seconds of their arrival (at most one publish at a time), and
// serves the site, /metrics, /healthz and /readyz over HTTP.
type Serve struct {
	DB  Store
	Log *slog.Logger
	// Load reads the OPML file; Reload channel sends ask for it again
	// (SIGHUP). A file that does not load leaves the running collection.
	Load   func() (*aggregator.Collection, error)
	Reload <-chan os.Signal
	// Refresher polls and stores; Committed is set by Run.
	Refresher *aggregator.Refresher
	Out       string
	Output    output.Options
	Limits    aggregator.OutputLimits
	// Retention and KeepMin prune the store once an hour.
	Retention time.Duration
	KeepMin   int
	// Tick is how often due sources are looked for (default 5s).
	Tick    time.Duration
	Metrics *Metrics
	// MaxAge is the Cache-Control max-age of the served files.
	MaxAge time.Duration

	mu          sync.Mutex
	col         *aggregator.Collection
	lastPublish error
	published   bool
}

// Run serves on ln until ctx ends, then stops taking requests, lets the
// batch being committed finish and returns.
func (s *Serve) Run(ctx context.Context, ln net.Listener) error {
	if output.IsBucketURL(s.Out) {
		return &InputError{errors.New("serve publishes into the folder it serves: give --out a folder, not a bucket")}
	}
	col, err := s.Load()
	if err != nil {
		return err
	}
	s.col = col
	if s.Tick <= 0 {
		s.Tick = 5 * time.Second
	}
	files, err := httpserve.New(s.Out, s.MaxAge)
	if err != nil {
		return err
	}
	defer files.Close()
	metrics := s.Metrics.Handler()
	// No http.ServeMux: it would answer a path with ".." with a redirect
	// to the cleaned path; the files handler answers it with a 404.
	route := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/metrics":
			metrics.ServeHTTP(w, r)
		case "/healthz":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"status":"alive"}` + "\n"))
		case "/readyz":
			s.ready(w, r)
		default:
			files.ServeHTTP(w, r)
		}
	})
	srv := &http.Server{Handler: s.Metrics.Count(route), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	s.Refresher.Committed = s.Metrics.Polled
	s.publish(ctx) // what the store holds already, at once
	err = s.loop(ctx)
	stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Shutdown(stop)
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// loop polls what is due, publishes what changed, reloads the OPML when
// asked and prunes once an hour, until ctx ends.
func (s *Serve) loop(ctx context.Context) error {
	tick := time.NewTicker(s.Tick)
	defer tick.Stop()
	lastPrune := time.Time{}
	for {
		s.cycle(ctx)
		if s.Retention > 0 && time.Since(lastPrune) > time.Hour {
			lastPrune = time.Now()
			if _, err := s.DB.Prune(ctx, aggregator.PruneOptions{Before: time.Now().Add(-s.Retention), KeepMin: s.KeepMin}); err != nil && ctx.Err() == nil {
				s.Log.Error("prune", "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.Reload:
			col, err := s.Load()
			if err != nil {
				s.Log.Error("the OPML file does not load; the sources and outputs stay as they were", "error", err)
				continue
			}
			s.mu.Lock()
			s.col = col
			s.mu.Unlock()
			s.Log.Info("reloaded the OPML file", "sources", len(col.Sources), "outputs", len(col.Outputs()))
			s.publish(ctx)
		case <-tick.C:
		}
	}
}

// cycle polls the sources that are due and publishes when any was.
func (s *Serve) cycle(ctx context.Context) {
	col := s.collection()
	states, err := s.DB.SourceStates(ctx)
	if err != nil {
		s.Log.Error("read source states", "error", err)
		return
	}
	s.Metrics.Health(Status(col, states, time.Now()))
	due := aggregator.Due(col.SourcesIn(""), states, time.Now())
	if len(due) == 0 {
		return
	}
	rep, err := s.Refresher.Run(ctx, col, due)
	if err != nil {
		s.Log.Error("refresh", "error", err)
		return
	}
	s.Metrics.Stored(rep.Commit)
	s.Log.Info("refresh", "sources", rep.Sources, "fetched", rep.Fetched, "not_modified", rep.NotModified,
		"failed", rep.Failed, "new_items", rep.Commit.New, "updated_items", rep.Commit.Updated, "duration", rep.Duration)
	if ctx.Err() == nil {
		s.publish(ctx)
	}
}

// publish publishes the site; an unchanged store costs only the health
// page (see output.PublishContent).
func (s *Serve) publish(ctx context.Context) {
	start := time.Now()
	rep, err := Publish(ctx, &Content{DB: s.DB, Col: s.collection(), Limits: s.Limits}, s.Out, s.Output)
	s.Metrics.Published(time.Since(start), rep, err)
	s.mu.Lock()
	s.lastPublish, s.published = err, true
	s.mu.Unlock()
	if err != nil && ctx.Err() == nil {
		s.Log.Error("publish", "error", err)
	} else if err == nil && len(rep.Written) > 0 {
		s.Log.Info("published", "outputs", rep.Outputs, "written", len(rep.Written))
	}
}

func (s *Serve) collection() *aggregator.Collection {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.col
}

// ready answers /readyz: 200 when the store answers, the last publish
// succeeded and not every polled source is failing; else 503 with why.
func (s *Serve) ready(w http.ResponseWriter, r *http.Request) {
	var problems []string
	states, err := s.DB.SourceStates(r.Context())
	if err != nil {
		problems = append(problems, "the store does not answer: "+err.Error())
	}
	s.mu.Lock()
	switch {
	case !s.published:
		problems = append(problems, "nothing published yet")
	case s.lastPublish != nil:
		problems = append(problems, "the last publish failed: "+s.lastPublish.Error())
	}
	s.mu.Unlock()
	polled, failing := 0, 0
	for _, st := range states {
		polled++
		if st.Failing() {
			failing++
		}
	}
	if polled > 0 && failing == polled {
		problems = append(problems, "every source is failing")
	}
	body := map[string]any{"ready": len(problems) == 0, "sources": polled, "failing": failing}
	if len(problems) > 0 {
		body["problems"] = problems
	}
	w.Header().Set("Content-Type", "application/json")
	if len(problems) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	json.NewEncoder(w).Encode(body)
}
