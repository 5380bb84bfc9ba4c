package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/feedloom/feedloom/internal/corpustest"
)

// podcastFeeds are real podcast feeds in the shared corpus: long and
// short, with and without episode numbers, artwork per episode or only
// per channel, durations as seconds and as HH:MM:SS.
var podcastFeeds = []string{
	"realworld/feedjira/spec/sample_feeds/CRE.xml",
	"realworld/feedjira/spec/sample_feeds/itunes.xml",
	"realworld/rss-parser/test/input/itunes-keywords-astext.rss",
	"realworld/rss-parser/test/input/item-itunes-episodeType.rss",
	"realworld/feed-rs/feed-rs/fixture/rss2/rss_2.0_anchorfm.xml",
	"realworld/feed-rs/feed-rs/fixture/rss2/rss_2.0_nightvale.xml",
	"realworld/feed-rs/feed-rs/fixture/rss2/rss_2.0_spreaker.xml",
}

// episode is what a podcast app needs of an episode.
type episode struct {
	Enclosure string `json:"enclosure"`
	Duration  int64  `json:"duration"`
	Image     string `json:"image"`
	Episode   int    `json:"episode"`
}

// seconds reads an itunes:duration the way podcast apps do.
func seconds(s string) int64 {
	var total int64
	for _, part := range strings.Split(strings.TrimSpace(s), ":") {
		n, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return 0
		}
		total = total*60 + n
	}
	return total
}

// TestPodcastsPlayAfterMerging runs real podcast feeds through feedloom and
// reads the merged RSS output back with two independent readers, Python
// feedparser and the npm podcast-feed-parser: every episode keeps its
// enclosure, duration, artwork and episode number.
func TestPodcastsPlayAfterMerging(t *testing.T) {
	python := "/usr/bin/python3"
	if exec.Command(python, "-c", "import feedparser").Run() != nil {
		t.Skip("python3-feedparser is not installed: run ../shared/tools/install-clients.sh")
	}
	mux := http.NewServeMux()
	want := map[string]episode{} // by enclosure URL
	var outlines strings.Builder
	for i, rel := range podcastFeeds {
		path := corpustest.Shared(t, strings.Split("corpus/"+rel, "/")...)
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := gofeed.NewParser().Parse(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		channelImage := ""
		if doc.ITunesExt != nil {
			channelImage = doc.ITunesExt.Image
		}
		for _, it := range doc.Items {
			if len(it.Enclosures) == 0 || it.ITunesExt == nil {
				continue
			}
			ep := episode{Enclosure: it.Enclosures[0].URL, Duration: seconds(it.ITunesExt.Duration), Image: channelImage}
			if it.ITunesExt.Image != "" {
				ep.Image = it.ITunesExt.Image
			}
			ep.Episode, _ = strconv.Atoi(strings.TrimSpace(it.ITunesExt.Episode))
			want[ep.Enclosure] = ep
		}
		p := fmt.Sprintf("/podcast/%d.xml", i)
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
		fmt.Fprintf(&outlines, "<outline text=\"Podcast %d\" xmlUrl=\"{{URL}}%s\"/>\n", i, p)
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	e := newE2E(t, `<outline text="Podcasts">`+strings.ReplaceAll(outlines.String(), "{{URL}}", srv.URL)+`</outline>`)
	if code, _, stderr := e.run("--max-items", "0", "--max-age", "0", "--retention", "0", "--near-dup=false", "refresh"); code != exitOK {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	rss := filepath.Join(e.tmp, "out", "podcasts", "rss.xml")
	readers := map[string][]byte{}
	out, err := exec.Command(python, "-c", `
import feedparser, json, sys
d = feedparser.parse(sys.argv[1])
eps = []
for e in d.entries:
    enc = [l for l in e.get("links", []) if l.get("rel") == "enclosure"]
    img = e.get("image") or {}
    eps.append({"enclosure": enc[0]["href"] if enc else "", "duration": e.get("itunes_duration", ""),
                "image": img.get("href", ""), "episode": e.get("itunes_episode", "")})
print(json.dumps({"bozo": d.bozo, "image": (d.feed.get("image") or {}).get("href", ""), "episodes": eps}))
`, rss).Output()
	if err != nil {
		t.Fatalf("feedparser: %v", err)
	}
	readers["feedparser"] = out
	if dir := os.Getenv("FEEDLOOM_NODE_MODULES"); dir != "" {
		node := exec.Command("node", "-e", `
const p = require("podcast-feed-parser"), fs = require("fs");
const f = p.getPodcastFromFeed(fs.readFileSync(process.argv[1], "utf8"));
console.log(JSON.stringify({bozo: 0, image: f.meta.imageURL || "", episodes: f.episodes.map(e => ({
  enclosure: (e.enclosure || {}).url || "", duration: String(e.duration || ""), image: e.imageURL || "", episode: ""}))}));
`, rss)
		node.Env = append(os.Environ(), "NODE_PATH="+dir)
		if readers["podcast-feed-parser"], err = node.Output(); err != nil {
			t.Fatalf("podcast-feed-parser: %v", err)
		}
	} else {
		t.Log("FEEDLOOM_NODE_MODULES is not set: the npm podcast-feed-parser check is skipped (.ci/run sets it)")
	}
	for name, data := range readers {
		var got struct {
			Bozo     any
			Image    string
			Episodes []struct{ Enclosure, Duration, Image, Episode string }
		}
		if err := json.Unmarshal(data, &got); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, data)
		}
		if got.Image == "" {
			t.Errorf("%s: the merged feed has no channel artwork", name)
		}
		seen := 0
		for _, g := range got.Episodes {
			w, ok := want[g.Enclosure]
			if !ok {
				continue
			}
			seen++
			if d := seconds(g.Duration); d != w.Duration {
				t.Errorf("%s: %s: duration %q, want %d s", name, g.Enclosure, g.Duration, w.Duration)
			}
			if w.Image != "" && g.Image != w.Image {
				t.Errorf("%s: %s: image %q, want %q", name, g.Enclosure, g.Image, w.Image)
			}
			if name == "feedparser" && w.Episode > 0 && g.Episode != strconv.Itoa(w.Episode) {
				t.Errorf("%s: %s: episode %q, want %d", name, g.Enclosure, g.Episode, w.Episode)
			}
		}
		if seen != len(want) || seen < 40 {
			t.Errorf("%s read %d of the %d episodes back", name, seen, len(want))
		}
		t.Logf("%s: %d episodes read back with enclosure, duration, artwork and number", name, seen)
	}
}
