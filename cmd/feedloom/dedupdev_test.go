package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/internal/corpustest"
)

// dedupScore is the --json summary line of the dev set's score.py.
type dedupScore struct {
	Precision   float64 `json:"precision"`
	Recall      float64 `json:"recall"`
	FalseMerges int     `json:"false_merges"`
	Lost        int     `json:"lost"`
	MergedSame  int     `json:"merged_same"`
	MissedSame  int     `json:"missed_same"`
	Entries     int     `json:"output_entries"`
	Constructed struct {
		Recall float64 `json:"recall"`
		Lost   int     `json:"lost"`
	} `json:"constructed"`
}

// The labelled dev pairs, served as their feeds, refreshed by the real
// binary: the "all" output must merge the same pairs (precision ≥ 0.95,
// recall ≥ 0.85 by the set's own score.py) and lose no item, in each of
// its three formats.
func TestDedupDevPairs(t *testing.T) {
	dev := corpustest.Shared(t, "corpus", "dedup-dev")
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is needed to run the dev set's score.py")
	}
	bin := buildFeedloom(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(dev, "feeds"))))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	opml, err := os.ReadFile(filepath.Join(dev, "feeds.opml"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	opmlPath := filepath.Join(tmp, "feeds.opml")
	if err := os.WriteFile(opmlPath, bytes.ReplaceAll(opml, []byte("__PORT__"), []byte(u.Port())), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "public")
	cmd := exec.Command(bin, "--opml", opmlPath, "--db", filepath.Join(tmp, "feedloom.db"), "--out", out,
		"--retention", "0", "--max-age", "0", "--max-items", "0",
		// The labels name items by the links their sources wrote.
		"--keep-tracking", "refresh")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("feedloom refresh: %v\n%s", err, b)
	}
	for _, f := range []string{"rss.xml", "atom.xml", "feed.json"} {
		t.Run(f, func(t *testing.T) {
			b, err := exec.Command(python, filepath.Join(dev, "score.py"), filepath.Join(dev, "pairs.jsonl"), filepath.Join(out, "all", f), "--json").Output()
			if err != nil {
				t.Fatalf("score.py: %v\n%s", err, b)
			}
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			var s dedupScore
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &s); err != nil {
				t.Fatalf("score.py summary: %v\n%s", err, b)
			}
			t.Logf("all/%s: %d entries, precision %.3f, recall %.3f (%d merged, %d missed, %d false merges), lost %d; constructed recall %.3f",
				f, s.Entries, s.Precision, s.Recall, s.MergedSame, s.MissedSame, s.FalseMerges, s.Lost, s.Constructed.Recall)
			if s.Precision < 0.95 || s.Recall < 0.85 || s.Lost != 0 || s.Constructed.Lost != 0 {
				t.Errorf("precision %.3f (want ≥ 0.95), recall %.3f (want ≥ 0.85), lost %d+%d (want 0)\n%s",
					s.Precision, s.Recall, s.Lost, s.Constructed.Lost, b)
			}
		})
	}
}
