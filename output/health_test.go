package output

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// FuzzHealthRowWriter: the rows appendHealthRow writes (health.go) must be
// the bytes the "health-row" template writes for them, whatever their
// fields hold; the seeds are rows it must write itself, so that a change
// to the template that the writer does not follow fails here.
func FuzzHealthRowWriter(f *testing.F) {
	f.Add("Harbour <Gazette> & Co", "https://harbour.example/?a=1&b=2+3", "ok", "ok", "14:00 UTC", 200, 12, "in 30m", "")
	f.Add("Valley \"Times\" 'x'", "", "failing", "FAILING 2h (3×)", "", 503, -1, "in 1h", "server error: 503 <b>Service</b> Unavailable")
	f.Add("Src\x00\xff", "mailto:desk@a.example", "gone", "GONE 3d", "", 0, 0, "stopped", "410 Gone")
	f.Fuzz(func(t *testing.T, name, href, kind, state, last string, code, items int, next, problem string) {
		r := healthRow{SourceHealth: SourceHealth{Name: name, Kind: kind, State: state, HTTP: code, Items: items, Next: next, Problem: problem},
			Href: href, LastSuccess: last}
		got, ok := appendHealthRow([]byte("kept"), &r)
		var want bytes.Buffer
		want.WriteString("kept")
		if err := pages.ExecuteTemplate(&want, "health-row", &r); err != nil {
			t.Fatal(err)
		}
		if !ok {
			if string(got) != "kept" {
				t.Fatalf("appendHealthRow left a row to the template but wrote %q", got)
			}
			return
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("appendHealthRow wrote\n%s\nthe template\n%s", got, want.Bytes())
		}
	})
}

// A row whose link the template would filter or percent-encode is left to
// the template, and the page renderHealth writes holds it as the template
// writes it, among rows appendHealthRow wrote.
func TestHealthPageLeavesOddLinksToTheTemplate(t *testing.T) {
	plain := healthRow{SourceHealth: SourceHealth{Name: "N", Kind: "ok", State: "ok"}, Href: "https://a.example/x?a=1&b=2+3"}
	if _, ok := appendHealthRow(nil, &plain); !ok {
		t.Error("appendHealthRow left a plain row to the template")
	}
	odd := []string{"https://a.example/caf%C3%A9", "https://a.example/a b", "https://a.example/it's", "https://a.example/é"}
	h := &Health{SiteTitle: "S", Refreshed: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)}
	for i, u := range odd {
		r := plain
		r.Href = u
		if _, ok := appendHealthRow(nil, &r); ok {
			t.Errorf("appendHealthRow wrote a row linking to %q itself", u)
		}
		h.Sources = append(h.Sources,
			SourceHealth{Name: fmt.Sprint("odd ", i), URL: "https://feeds.example/" + fmt.Sprint(i), SiteURL: u, Kind: "ok", State: "ok"},
			SourceHealth{Name: fmt.Sprint("plain ", i), URL: "https://feeds.example/p" + fmt.Sprint(i), Kind: "failing", State: "FAILING", HTTP: 500})
	}
	s := testSite()
	s.Health = h
	page, err := renderHealth(s, "gen")
	if err != nil {
		t.Fatal(err)
	}
	for i := range odd {
		var row bytes.Buffer
		src := h.Sources[2*i]
		r := healthRow{SourceHealth: src, Href: absURL(src.SiteURL), LastSuccess: humanDate(src.LastSuccess)}
		if err := pages.ExecuteTemplate(&row, "health-row", &r); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(page, row.Bytes()) {
			t.Errorf("the page lacks the template's row\n%s", row.Bytes())
		}
	}
	if n := strings.Count(string(page), "<tr class="); n != len(h.Sources) {
		t.Errorf("the page has %d rows, want %d", n, len(h.Sources))
	}
}

// BenchmarkRenderHealth renders the health page of 10,000 sources.
func BenchmarkRenderHealth(b *testing.B) {
	at := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	h := &Health{SiteTitle: "Bench", Refreshed: at}
	for i := range 10000 {
		h.Sources = append(h.Sources, SourceHealth{Name: fmt.Sprintf("Feed %d & Co", i), URL: fmt.Sprintf("http://127.0.0.%d:8080/feed/%d.xml", i%20+1, i),
			SiteURL: fmt.Sprintf("http://127.0.0.%d:8080/site/%d/", i%20+1, i), Kind: "ok", State: "ok", LastSuccess: at, HTTP: 304, Items: 2, Next: "in 30m"})
	}
	s := testSite()
	s.Health = h
	for b.Loop() {
		if _, err := renderHealth(s, "feedloom"); err != nil {
			b.Fatal(err)
		}
	}
}
