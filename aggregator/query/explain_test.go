package query

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestExplainGolden renders explanations and compares them with
// testdata/explain/*.golden (go test -run TestExplainGolden -update
// rewrites them).
func TestExplainGolden(t *testing.T) {
	tests := []struct {
		name  string
		query string
	}{
		{"matches", `zelensk* (grain OR kherson) -title:sport`},
		{"does-not-match", `title:kherson OR (bakhmut "grain deal") OR content:wagner*`},
		{"excluded", `grain -"black sea"`},
		{"near-and-regex", `(grain NEAR/3 (corridor OR deal)) url:/\d{4}/`},
		{"fields", `author:smith category:europe source:guardian lead:tuesday`},
	}
	p := Prepare(matchDoc)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Compile(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got := "query: " + tt.query + "\n" + q.Explain(p).String()
			path := filepath.Join("testdata", "explain", tt.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("explanation of %s:\n%s\nwant:\n%s", tt.query, got, want)
			}
		})
	}
}

func TestExplainStructure(t *testing.T) {
	q, err := Compile(`title:grain OR kherson`)
	if err != nil {
		t.Fatal(err)
	}
	e := q.Explain(Prepare(matchDoc))
	if !e.Matched || e.Root.Op != "OR" || len(e.Root.Children) != 2 {
		t.Fatalf("unexpected explanation: %+v", e.Root)
	}
	hit := e.Root.Children[0]
	if !hit.Matched || hit.Expr != "title:grain" || len(hit.Hits) != 1 || hit.Hits[0].Field != "title" || hit.Hits[0].Found[0] != "grain" {
		t.Errorf("first child = %+v, want a hit on grain in the title", hit)
	}
	miss := e.Root.Children[1]
	if miss.Matched || len(miss.Hits) != 0 || len(miss.Fields) != 3 {
		t.Errorf("second child = %+v, want a miss over three fields", miss)
	}
}
