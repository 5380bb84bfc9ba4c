package canon

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/feedloom/feedloom/internal/corpustest"
)

// devDir returns the dedup-dev corpus folder (../shared/corpus/dedup-dev
// beside the module root), or skips the test when it is absent.
func devDir(t *testing.T) string {
	t.Helper()
	return filepath.Dir(corpustest.Dir(t, "dedup-dev", "pairs.jsonl"))
}

type devPair struct {
	ID    string `json:"pair_id"`
	Label string `json:"label"`
	A     struct {
		Link string `json:"link"`
	} `json:"a"`
	B struct {
		Link string `json:"link"`
	} `json:"b"`
	Tags struct {
		URLRelation string `json:"url_relation"`
	} `json:"tags"`
}

func readPairs(t *testing.T, path string) []devPair {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var pairs []devPair
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var p devPair
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		pairs = append(pairs, p)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return pairs
}

// TestDevPairs checks the canonical form against the labelled dev pairs:
// every constructed URL variant and every real pair whose links are
// equivalent or host aliases must get one key, and no pair labelled
// different may (the CNN live-blog posts that differ only by #h_ fragment).
func TestDevPairs(t *testing.T) {
	dir := devDir(t)
	check := func(t *testing.T, pairs []devPair, mustJoin func(devPair) bool) (joined int) {
		for _, p := range pairs {
			ka, errA := URL(p.A.Link)
			kb, errB := URL(p.B.Link)
			if errA != nil || errB != nil {
				t.Errorf("%s: %v %v", p.ID, errA, errB)
				continue
			}
			same := ka == kb
			if same {
				joined++
			}
			switch {
			case p.Label == "different" && same:
				t.Errorf("%s: different items share key %s", p.ID, ka)
			case mustJoin(p) && !same:
				t.Errorf("%s: %s and %s should share a key, got %s and %s", p.ID, p.A.Link, p.B.Link, ka, kb)
			}
		}
		return joined
	}
	t.Run("real", func(t *testing.T) {
		pairs := readPairs(t, filepath.Join(dir, "pairs.jsonl"))
		n := check(t, pairs, func(p devPair) bool {
			return p.Label == "same" && (p.Tags.URLRelation == "same-after-normalisation" || p.Tags.URLRelation == "host-alias")
		})
		t.Logf("%d of %d real pairs share a canonical URL", n, len(pairs))
	})
	t.Run("constructed", func(t *testing.T) {
		pairs := readPairs(t, filepath.Join(dir, "pairs-constructed.jsonl"))
		n := check(t, pairs, func(p devPair) bool { return p.Label == "same" })
		t.Logf("%d of %d constructed pairs share a canonical URL", n, len(pairs))
	})
}
