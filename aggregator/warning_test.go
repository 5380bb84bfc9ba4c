package aggregator

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestItemlessFeedRecordsAWarning: a document that parses as a feed but
// lists no items records why the source added nothing; the next document
// with items clears it.
func TestItemlessFeedRecordsAWarning(t *testing.T) {
	empty := `<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title><link>http://example.org/</link><description>d</description></channel></rss>`
	var body atomic.Value
	body.Store(empty)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(body.Load().(string)))
	}))
	defer srv.Close()
	u := srv.URL + "/feed"
	h := newHarness(t, u)
	h.run()
	if st := h.state(u); st.LastError != "" || st.ItemsLastFetch != 0 || !strings.Contains(st.LastWarning, "lists no items") {
		t.Errorf("after an itemless feed: error %q, items %d, warning %q; want no error and the no-items warning", st.LastError, st.ItemsLastFetch, st.LastWarning)
	}
	body.Store(feed("a", ""))
	h.run()
	if st := h.state(u); st.ItemsLastFetch != 1 || st.LastWarning != "" {
		t.Errorf("after a feed with an item: items %d, warning %q; want 1 and none", st.ItemsLastFetch, st.LastWarning)
	}
}
