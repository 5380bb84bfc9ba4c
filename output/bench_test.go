package output

import (
	"context"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

// BenchmarkRender renders a 100-entry feed with 4 KB of content per entry
// in each format; MB/s counts the bytes of the document produced.
func BenchmarkRender(b *testing.B) {
	f := bigFeed("bench", 100, 4096, 1)
	for _, r := range renderers {
		b.Run(r.ext, func(b *testing.B) {
			out, err := r.render(f, testOptions)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(out)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.render(f, testOptions); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPublishUnchanged publishes a site of ten such feeds over an
// identical previous publish: the cost of a cron run where nothing
// changed (render everything, compare with the files, write nothing). MB/s
// counts the bytes of the site.
func BenchmarkPublishUnchanged(b *testing.B) {
	s := &Site{Title: "Bench"}
	for i := range 10 {
		s.Feeds = append(s.Feeds, bigFeed("feed-"+itoa(i), 100, 4096, i))
	}
	s.Feeds[0].Output.Kind = aggregator.KindAll
	dir := b.TempDir()
	if _, err := Publish(context.Background(), dir, s, testOptions); err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, f := range snapshot(b, dir) {
		size += int64(len(f.data))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		r, err := Publish(context.Background(), dir, s, testOptions)
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Written) != 0 {
			b.Fatalf("rewrote %v", r.Written)
		}
	}
}
