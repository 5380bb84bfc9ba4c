package query

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchDoc reads a realistic item from testdata/bench: the first line is
// its title, the rest (about 3 KB) its text.
func benchDoc(b *testing.B, name string) *Doc {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "bench", name))
	if err != nil {
		b.Fatal(err)
	}
	title, content, _ := strings.Cut(string(data), "\n")
	return &Doc{
		Title:      title,
		Content:    content,
		Authors:    []string{"Staff reporter"},
		Categories: []string{"World"},
		Source:     []string{"Example News", "News"},
		URL:        "https://news.example/2023/07/" + strings.TrimSuffix(name, ".txt"),
	}
}

// benchDocs are the off-topic and the on-topic item: most stored items
// do not match a topic, and those cost the most (every alternative of the
// query is tried).
var benchDocs = []string{"off-topic.txt", "on-topic.txt"}

// BenchmarkPrepare measures folding and indexing one item.
func BenchmarkPrepare(b *testing.B) {
	for _, name := range benchDocs {
		d := benchDoc(b, name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(d.Title) + len(d.Content)))
			for b.Loop() {
				Prepare(d)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
}

// BenchmarkMatchUkraine measures matching the shipped "Ukraine war" query
// against an item prepared once: the cost of one more topic.
func BenchmarkMatchUkraine(b *testing.B) {
	q := loadUkraineQuery(b)
	for _, name := range benchDocs {
		p := Prepare(benchDoc(b, name))
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				q.Match(p)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
}

// BenchmarkPrepareAndMatchUkraine measures the whole path for a new item:
// prepare it, then match the shipped query.
func BenchmarkPrepareAndMatchUkraine(b *testing.B) {
	q := loadUkraineQuery(b)
	for _, name := range benchDocs {
		d := benchDoc(b, name)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				q.Match(Prepare(d))
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
}

// BenchmarkCompileUkraine measures compiling the shipped query, which
// happens once per OPML load.
func BenchmarkCompileUkraine(b *testing.B) {
	src, err := os.ReadFile(ukraineQueryFile)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Compile(string(src)); err != nil {
			b.Fatal(err)
		}
	}
}
