package aggregator_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator/fingerprint"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestNormaliseGolden runs every document of testdata/normalise through
// Parse and Normalise, as a refresh does, and compares what comes out with
// its golden file (NAME.golden.json): the feed's metadata, every item's
// fields and the warnings. A change to parsing or normalising shows as a
// diff of these files; after reading it, accept it with
//
//	go test ./aggregator -run TestNormaliseGolden -update
//
// The inputs cover each format (RSS 2.0, RSS 1.0, Atom, JSON Feed) and the
// cases that go wrong in the wild: text/html/xhtml constructs, escaped and
// double-escaped markup, relative and hostile URLs, missing, future and
// garbled dates, a legacy charset, repeated GUIDs, title-less entries.
func TestNormaliseGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "normalise", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden.json") {
			continue
		}
		n++
		t.Run(filepath.Base(in), func(t *testing.T) {
			body, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			norm, err := ingest(body, "")
			if err != nil {
				t.Fatalf("%s does not parse: %v", in, err)
			}
			// The signature is the fingerprint package's business (and its
			// own tests'); here it would only bury the fields people read.
			for i := range norm.Items {
				norm.Items[i].Sig = fingerprint.Signature{}
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // markup is what these files show
			enc.SetIndent("", "  ")
			if err := enc.Encode(norm); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			golden := strings.TrimSuffix(in, filepath.Ext(in)) + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v: run with -update to create it, then read it", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("normalised %s differs from %s (run with -update and read the diff):\n%s", in, golden, firstDiff(want, got))
			}
		})
	}
	if n < 7 {
		t.Fatalf("only %d inputs in testdata/normalise", n)
	}
}

// firstDiff shows the first line where a and b differ, with its number.
func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n  want " + x + "\n  got  " + y
		}
	}
	return ""
}
