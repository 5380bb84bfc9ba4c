package app

import (
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/output"
)

// Metrics are what `feedloom serve` exposes at /metrics, in Prometheus'
// format. Each is documented in the README's "Run it as a service".
type Metrics struct {
	reg          *prometheus.Registry
	polls        *prometheus.CounterVec
	fetch, parse prometheus.Histogram
	items        *prometheus.CounterVec
	sources      *prometheus.GaugeVec
	publish      prometheus.Histogram
	published    *prometheus.CounterVec
	publishOK    prometheus.Gauge
	storeBytes   prometheus.GaugeFunc
	requests     *prometheus.CounterVec
}

// NewMetrics registers feedloom's metrics, and the Go runtime's and the
// process's, for the store file at dbPath.
func NewMetrics(dbPath string) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	f := factory{m.reg}
	m.polls = f.counterVec("feedloom_polls_total", "Polls of sources by outcome: the HTTP status of a success (200, 304), else the failure kind (timeout, dns, http-5xx, parse, …).", "outcome")
	m.fetch = f.histogram("feedloom_fetch_seconds", "Time to fetch one source's document, headers and body.")
	m.parse = f.histogram("feedloom_parse_seconds", "Time to parse, normalise and topic-match one fetched document.")
	m.items = f.counterVec("feedloom_items_total", "Items stored, by what happened: new, updated (in place), merged (a new item that joined an existing story from another source).", "kind")
	m.sources = f.gaugeVec("feedloom_sources", "Sources by health state (ok, new, failing, gone, moved, paused).", "state")
	m.publish = f.histogram("feedloom_publish_seconds", "Time to publish the site (select, render, write), skipped publishes included.")
	m.published = f.counterVec("feedloom_published_files_total", "Files a publish wrote (changed) or found unchanged.", "result")
	m.publishOK = f.gauge("feedloom_last_publish_success", "1 when the last publish succeeded, 0 when it failed.")
	m.requests = f.counterVec("feedloom_http_requests_total", "HTTP requests served, by status code.", "code")
	m.storeBytes = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "feedloom_store_bytes", Help: "Size of the store file (0 for a PostgreSQL store, whose size the server reports)."}, func() float64 {
		fi, err := os.Stat(dbPath)
		if err != nil {
			return 0
		}
		return float64(fi.Size())
	})
	m.reg.MustRegister(m.storeBytes, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Polled records one batch of poll results (aggregator.Refresher.Committed).
func (m *Metrics) Polled(results []*aggregator.SourceResult) {
	for _, res := range results {
		outcome := strconv.Itoa(res.State.LastStatus)
		if res.Failed {
			outcome = res.State.ErrorKind
		}
		m.polls.WithLabelValues(outcome).Inc()
		m.fetch.Observe(res.FetchTime.Seconds())
		if res.Parsed {
			m.parse.Observe(res.ProcessTime.Seconds())
		}
	}
}

// Stored records what a refresh stored.
func (m *Metrics) Stored(c aggregator.CommitStats) {
	m.items.WithLabelValues("new").Add(float64(c.New))
	m.items.WithLabelValues("updated").Add(float64(c.Updated))
	m.items.WithLabelValues("merged").Add(float64(c.Merged))
}

// Health records how many sources are in each state.
func (m *Metrics) Health(rows []SourceStatus) {
	counts := map[string]int{StateOK: 0, StateNew: 0, StateFailing: 0, StateGone: 0, StateMoved: 0, StatePaused: 0}
	for _, r := range rows {
		counts[r.State]++
	}
	for state, n := range counts {
		m.sources.WithLabelValues(state).Set(float64(n))
	}
}

// Published records a publish, its time and outcome.
func (m *Metrics) Published(took time.Duration, rep *output.Report, err error) {
	m.publish.Observe(took.Seconds())
	if err != nil {
		m.publishOK.Set(0)
		return
	}
	m.publishOK.Set(1)
	m.published.WithLabelValues("written").Add(float64(len(rep.Written)))
	m.published.WithLabelValues("unchanged").Add(float64(len(rep.Unchanged)))
}

// Count wraps h, counting its responses by status code.
func (m *Metrics) Count(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(sw, r)
		m.requests.WithLabelValues(strconv.Itoa(sw.code)).Inc()
	})
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// factory makes and registers metrics.
type factory struct{ reg *prometheus.Registry }

func (f factory) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	f.reg.MustRegister(c)
	return c
}

func (f factory) gaugeVec(name, help string, labels ...string) *prometheus.GaugeVec {
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
	f.reg.MustRegister(g)
	return g
}

func (f factory) gauge(name, help string) prometheus.Gauge {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
	f.reg.MustRegister(g)
	return g
}

func (f factory) histogram(name, help string) prometheus.Histogram {
	h := prometheus.NewHistogram(prometheus.HistogramOpts{Name: name, Help: help, Buckets: prometheus.ExponentialBuckets(0.001, 4, 10)})
	f.reg.MustRegister(h)
	return h
}
