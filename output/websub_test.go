package output

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// hubRecorder is a WebSub hub that records the publish pings it gets.
type hubRecorder struct {
	mu     sync.Mutex
	topics []string
	status int
}

// ServeHTTP implements http.Handler.
func (h *hubRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		http.Error(w, "want a form POST", http.StatusBadRequest)
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("hub.mode") != "publish" || len(r.PostForm["hub.url"]) != 1 {
		http.Error(w, "want hub.mode=publish and one hub.url", http.StatusBadRequest)
		return
	}
	h.topics = append(h.topics, r.PostForm.Get("hub.url"))
	w.WriteHeader(h.status)
}

// got returns the recorded topics.
func (h *hubRecorder) got() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.topics)
}

func TestWebSubPingsChangedDocuments(t *testing.T) {
	hub := &hubRecorder{status: http.StatusNoContent}
	srv := httptest.NewServer(hub)
	defer srv.Close()
	o := testOptions
	o.WebSubHub = srv.URL + "/hub"
	o.HTTPClient = srv.Client()
	dir := t.TempDir()

	s := testSite()
	r, err := Publish(context.Background(), dir, s, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.PingErrors) != 0 {
		t.Fatalf("ping errors: %v", r.PingErrors)
	}
	if got, want := len(hub.got()), 3*len(s.Feeds); got != want {
		t.Fatalf("hub got %d pings, want %d (three documents per output)", got, want)
	}
	if !slices.Equal(r.Pinged, hub.got()) {
		t.Errorf("report says pinged %v, hub got %v", r.Pinged, hub.got())
	}
	if !slices.Contains(hub.got(), o.BaseURL+"all/atom.xml") {
		t.Errorf("no ping for all/atom.xml in %v", hub.got())
	}

	// nothing changed: no ping
	if r, err = Publish(context.Background(), dir, testSite(), o); err != nil || len(r.Pinged) != 0 {
		t.Fatalf("unchanged publish pinged %v (err %v)", r.Pinged, err)
	}

	// one output changed: its three documents only
	s = testSite()
	s.Feeds[2].Entries[0].Item.Title = "changed"
	if r, err = Publish(context.Background(), dir, s, o); err != nil {
		t.Fatal(err)
	}
	want := []string{o.BaseURL + "ukraine-war/rss.xml", o.BaseURL + "ukraine-war/atom.xml", o.BaseURL + "ukraine-war/feed.json"}
	if !slices.Equal(r.Pinged, want) {
		t.Errorf("pinged %v, want %v", r.Pinged, want)
	}
}

func TestWebSubFailureIsNotFatal(t *testing.T) {
	hub := &hubRecorder{status: http.StatusInternalServerError}
	srv := httptest.NewServer(hub)
	defer srv.Close()
	o := testOptions
	o.WebSubHub = srv.URL
	o.HTTPClient = srv.Client()
	r, err := Publish(context.Background(), t.TempDir(), testSite(), o)
	if err != nil {
		t.Fatalf("a failing hub failed the publish: %v", err)
	}
	if len(r.Pinged) != 0 || len(r.PingErrors) != 3*len(testSite().Feeds) {
		t.Fatalf("pinged %v, %d errors", r.Pinged, len(r.PingErrors))
	}
	if msg := r.PingErrors[0].Error(); !strings.Contains(msg, "500") || !strings.Contains(msg, srv.URL) {
		t.Errorf("error %q should name the hub and its answer", msg)
	}
}

func TestWebSubAdvertisedInEveryFormat(t *testing.T) {
	o := testOptions
	o.WebSubHub = "https://hub.example.com/"
	for _, r := range renderers {
		t.Run(r.ext, func(t *testing.T) {
			out, err := r.render(fullFeed(), o)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{
				"rss":  `<atom:link href="https://hub.example.com/" rel="hub">`,
				"atom": `<link href="https://hub.example.com/" rel="hub">`,
				"json": `"type": "WebSub",`,
			}[r.ext]
			if !strings.Contains(string(out), want) {
				t.Errorf("no hub advertised (%s)", want)
			}
		})
	}
}
