package sanitize

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestHTMLGolden pins the sanitised form of the realistic article used by
// the benchmarks, and of its plain text, against files in testdata; run
// with -update after an intended change and review the diff.
func TestHTMLGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	p := New()
	out := p.HTML(string(in), testBase)
	for name, got := range map[string]string{
		"article.sanitized.html": out,
		"article.txt":            Text(out) + "\n",
	} {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from the golden file; got:\n%s", name, got)
		}
	}
}
