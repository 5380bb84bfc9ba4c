package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/feedloom/feedloom/aggregator/parse"

	"github.com/feedloom/feedloom/aggregator/feedtest"
	"github.com/feedloom/feedloom/internal/corpustest"
)

// sweepFolders are the corpus folders the sweep serves, each one OPML
// folder (and so one category output).
var sweepFolders = []string{"parsers/feedparser", "parsers/gofeed", "parsers/w3c-feedvalidator", "realworld"}

// sweepDoc is one corpus document served on loopback.
type sweepDoc struct {
	rel         string // path under shared/corpus
	path        string
	contentType string
}

// httpContentType reads the Content-Type a feedparser case says it is
// served with ("Header: Content-type: ..." in its leading comment).
var httpContentType = regexp.MustCompile(`(?im)^Header:\s*Content-type:\s*(.*?)\s*$`)

// sweepDocs lists every feed-like document of the sweep folders, skipping
// licences, notes and gofeed's expected-output JSON.
func sweepDocs(t *testing.T, corpus string) []sweepDoc {
	types := map[string]string{
		".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
		".rdf": "application/rdf+xml", ".json": "application/feed+json", ".opml": "text/x-opml", ".html": "text/html",
	}
	var docs []sweepDoc
	for _, folder := range sweepFolders {
		root := filepath.Join(corpus, filepath.FromSlash(folder))
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			ext := strings.ToLower(filepath.Ext(p))
			ct, ok := types[ext]
			if !ok {
				return nil
			}
			if folder == "parsers/gofeed" && ext == ".json" {
				base := strings.TrimSuffix(p, ext)
				if strings.HasSuffix(base, "_expected") || fileExists(base+".xml") {
					return nil // an expected parse, not a feed
				}
			}
			if folder == "parsers/feedparser" {
				head := make([]byte, 600)
				if f, err := os.Open(p); err == nil {
					n, _ := f.Read(head)
					f.Close()
					if m := httpContentType.FindSubmatch(head[:n]); m != nil {
						ct = string(m[1])
					}
				}
			}
			rel, _ := filepath.Rel(corpus, p)
			docs = append(docs, sweepDoc{rel: filepath.ToSlash(rel), path: p, contentType: ct})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return docs
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// TestCorpusSweep is issue 6's conformance sweep (and issue 5's
// end-to-end output check): every document of the shared parser and
// real-world corpora is served on loopback, one OPML lists them all in
// one folder per corpus, and one refresh with no item, age or retention
// limits polls them. The run must complete; every document must yield
// items or a recorded error (and yield items whenever the parser finds
// some); every output must be readable with nothing dangerous in it; and
// check-outputs.sh (xmllint, feedparser, jing, the JSON Feed schema,
// newsboat) must pass on the outputs where its tools are installed.
func TestCorpusSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus sweep polls thousands of documents; skipped with -short")
	}
	corpus := corpustest.Shared(t, "corpus")
	docs := sweepDocs(t, corpus)
	byPath := map[string]sweepDoc{}
	for _, d := range docs {
		byPath["/"+d.rel] = d
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, ok := byPath[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		body, err := os.ReadFile(d.path)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", d.contentType)
		w.Write(body)
	}))
	defer srv.Close()

	tmp := t.TempDir()
	var opml strings.Builder
	urlOf := func(d sweepDoc) string { return srv.URL + "/" + d.rel }
	for _, folder := range sweepFolders {
		fmt.Fprintf(&opml, "<outline text=%q>\n", folder)
		for _, d := range docs {
			if strings.HasPrefix(d.rel, folder+"/") {
				fmt.Fprintf(&opml, "  <outline text=\"%s\" xmlUrl=\"%s\"/>\n", xmlAttr(d.rel), xmlAttr(urlOf(d)))
			}
		}
		opml.WriteString("</outline>\n")
	}
	opmlPath := writeOPML(t, tmp, opml.String())
	db, out := filepath.Join(tmp, "feedloom.db"), filepath.Join(tmp, "public")
	global := []string{"--opml", opmlPath, "--db", db, "--out", out, "--base-url", "https://sweep.example/",
		"--max-items", "0", "--max-age", "0", "--retention", "0", "--near-dup=false"}

	start := time.Now()
	code, _, stderr := feedloom(t, append(global, "refresh", "--concurrency", "32", "--per-host", "32")...)
	t.Logf("refresh of %d documents took %v", len(docs), time.Since(start).Round(time.Second))
	if code != exitOK && code != exitFailures {
		t.Fatalf("refresh = %d, want 0 or 3; stderr:\n%s", code, tail(stderr, 4000))
	}
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
		t.Fatalf("a panic was reported:\n%s", tail(stderr, 4000))
	}

	code, stdout, stderr := feedloom(t, append(global, "status", "--json")...)
	if code != exitOK && code != exitFailures {
		t.Fatalf("status --json = %d: %s", code, stderr)
	}
	var rows []struct {
		URL            string `json:"url"`
		LastError      string `json:"last_error"`
		ErrorKind      string `json:"error_kind"`
		ItemsLastFetch int    `json:"items_last_fetch"`
		LastWarning    string `json:"last_warning"`
		LastSuccess    string `json:"last_success"`
		Polled         bool   `json:"polled"`
	}
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatalf("status --json: %v", err)
	}
	if len(rows) != len(docs) {
		t.Fatalf("status lists %d sources, the OPML %d", len(rows), len(docs))
	}
	var yielded, empty, failed, items int
	kinds := map[string]int{}
	for _, r := range rows {
		d := byPath[strings.TrimPrefix(r.URL, srv.URL)]
		switch {
		case !r.Polled:
			t.Errorf("%s was never polled", d.rel)
		case r.LastError != "":
			failed++
			kinds[r.ErrorKind]++
		case r.ItemsLastFetch > 0:
			yielded++
			items += r.ItemsLastFetch
		default:
			empty++
			// An empty feed is fine, and recorded as such; a lost item is
			// not: the parser must agree that this document has none.
			if !strings.Contains(r.LastWarning, "lists no items") {
				t.Errorf("%s: no items, no error, and no warning recorded (last_warning %q)", d.rel, r.LastWarning)
			}
			body, _ := os.ReadFile(d.path)
			if f, err := parse.Parse(body, d.contentType); err == nil && len(f.Items) > 0 {
				t.Errorf("%s: the parser finds %d items, the refresh stored none and recorded no error", d.rel, len(f.Items))
			}
		}
	}
	t.Logf("%d documents: %d yielded %d items, %d parsed as feeds without items (recorded as a warning), %d recorded an error (by kind: %v)",
		len(docs), yielded, items, empty, failed, kinds)

	outputs := checkSweepOutputs(t, out)
	t.Logf("%d output documents read back: none unreadable, none with a dangerous construct", outputs)
	runCheckOutputs(t, out)
}

// checkSweepOutputs reads back every published feed document under out
// and fails t for anything unreadable or dangerous.
func checkSweepOutputs(t *testing.T, out string) int {
	n := 0
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if name := d.Name(); name != "rss.xml" && name != "atom.xml" && name != "feed.json" {
			return nil
		}
		doc, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		n++
		f, err := feedtest.Read(doc)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		problems := f.Problems()
		sort.Strings(problems)
		for i, pr := range problems {
			if i == 20 {
				t.Errorf("%s: %d more", p, len(problems)-20)
				break
			}
			t.Errorf("%s: %s", p, pr)
		}
		return nil
	})
	if n == 0 {
		t.Fatal("no output documents were published")
	}
	return n
}

// runCheckOutputs runs shared/tools/check-outputs.sh over out, or says why
// it cannot.
func runCheckOutputs(t *testing.T, out string) {
	script := filepath.Join(corpustest.Shared(t, "tools"), "check-outputs.sh")
	for _, bin := range []string{"jing", "newsboat", "xmllint", "/usr/bin/python3"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Logf("check-outputs.sh not run: %s is not installed (shared/tools/install-clients.sh installs it)", bin)
			return
		}
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import feedparser").Run(); err != nil {
		t.Logf("check-outputs.sh not run: Python feedparser is not installed")
		return
	}
	start := time.Now()
	res, err := exec.Command(script, out).CombinedOutput()
	t.Logf("check-outputs.sh took %v", time.Since(start).Round(time.Second))
	lines := strings.Split(strings.TrimSpace(string(res)), "\n")
	t.Logf("check-outputs.sh: %s", lines[len(lines)-1])
	if err != nil {
		t.Errorf("check-outputs.sh failed: %v\n%s", err, tail(string(res), 6000))
	}
}

func xmlAttr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), `"`, "&#34;")
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
