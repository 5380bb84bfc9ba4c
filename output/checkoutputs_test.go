package output

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/internal/corpustest"
)

// TestCheckOutputs publishes the hand-made test site, plus a larger feed,
// and runs the independent readers and validators of
// shared/tools/check-outputs.sh over it: xmllint, Python feedparser, jing
// with the RFC 4287 schema, the JSON Feed 1.1 schema, and newsboat.
// It skips when the tools or their clients are not installed
// (shared/tools/install-clients.sh installs them).
func TestCheckOutputs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs external readers; skipped with -short")
	}
	shared := corpustest.Shared(t)
	script := filepath.Join(shared, "tools", "check-outputs.sh")
	if _, err := os.Stat(script); err != nil {
		t.Skipf("no %s", script)
	}
	for _, bin := range []string{"newsboat", "xmllint", "jing", "sqlite3", "/usr/bin/python3"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s not installed: run %s", bin, filepath.Join(shared, "tools", "install-clients.sh"))
		}
	}
	dir := os.Getenv("FEEDLOOM_CHECK_DIR") // keep the site for a look by hand
	if dir == "" {
		dir = t.TempDir()
	}
	s := testSite()
	s.Feeds = append(s.Feeds, bigFeed("big", 100, 4096, 1), hostileFeed())
	if _, err := Publish(context.Background(), dir, s, testOptions); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), "bash", script, dir).CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("check-outputs.sh failed: %v", err)
	}
	if !strings.Contains(string(out), ", 0 failing") {
		t.Errorf("check-outputs.sh reports failures")
	}
}

// hostileFeed carries input no document may break on: control
// characters, invalid UTF-8, relative and broken URLs, bad language and
// email, script in HTML, and a CDATA end in the content.
func hostileFeed() *aggregator.Feed {
	return &aggregator.Feed{
		Output: aggregator.Output{Kind: aggregator.KindTopic, Name: "Hostile \x00input", Slug: "hostile"},
		Title:  "Hostile \x01\x02 \xff\xfe input",
		Owner:  aggregator.Person{Name: "\x0b", Email: "not-an-email"},
		Entries: []aggregator.Entry{{
			ID: "urn:uuid:00000000-0000-4000-8000-0000000000ff",
			Item: aggregator.Item{
				Link:       "/relative/link",
				Title:      "Bell \a and \x1b[31m escape ]]> \uFFFE \xc3\x28",
				Summary:    "<script>alert(1)</script>\x00 ]]>",
				Content:    "<p>]]>]]&gt;<![CDATA[ nested ]]></p>\x08",
				Authors:    []aggregator.Person{{Name: "", Email: "bad address@"}, {Name: "\x1f"}},
				Categories: []string{"\x00", "ok & <fine>"},
				Enclosures: []aggregator.Enclosure{{URL: "http://[::1", Type: "audio/mpeg"}, {URL: "https://x.example/a b.mp3", Type: "\"bad\"", Length: -5}},
				Language:   "en_US!",
				Image:      "javascript:alert(1)",
			},
			Source:    aggregator.SourceRef{URL: "file:///etc/passwd", Title: "\x00", FeedID: "\x00"},
			Via:       []aggregator.Via{{Source: aggregator.SourceRef{Title: "No URL source"}}, {}},
			Published: at(1, 0, 0),
		}},
	}
}
