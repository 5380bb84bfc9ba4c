package output

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"time"
)

// healthFile is the site's health page: every source and how it fares.
const healthFile = "health.html"

// Health is what the health page shows: when the sources were last
// polled, and each source as `feedloom status` describes it.
type Health struct {
	// SiteTitle is the collection's title, as Site.Title.
	SiteTitle string
	// Refreshed is the last time any source was polled.
	Refreshed time.Time
	Sources   []SourceHealth
}

// SourceHealth is one source on the health page. State, Next and Problem
// are words for people (as the status table has them); Kind is the state's
// name (ok, new, failing, gone, moved, paused), for styling.
type SourceHealth struct {
	Name, URL, SiteURL string
	Kind, State        string
	LastSuccess        time.Time
	HTTP, Items        int
	Next, Problem      string
}

// healthPage is the data of health.html.
type healthPage struct {
	pageHead
	SiteTitle string
	Refreshed string
	ISODate   string
	Sources   []healthRow
	Counts    map[string]int
}

// healthRow is one source, cleaned for the page.
type healthRow struct {
	SourceHealth
	Href        string
	LastSuccess string
}

// renderHealth renders health.html: the "health-top" template, a row per
// source (appendHealthRow, or the "health-row" template for a row it
// leaves to it), the "health-bottom" template. A refresh of 10,000
// sources that all answered 304 spent 0.14 s of its 1.2 s executing the
// row template 10,000 times.
func renderHealth(s *Site, generator string) ([]byte, error) {
	h := s.Health
	p := healthPage{
		pageHead:  pageHead{Title: "Sources of " + siteTitle(s), Generator: generator, Style: style, OPML: opmlFile, Health: healthFile},
		SiteTitle: siteTitle(s),
		Refreshed: humanDate(h.Refreshed),
		Counts:    map[string]int{},
	}
	if !h.Refreshed.IsZero() {
		p.ISODate = h.Refreshed.UTC().Format(time.RFC3339)
	}
	p.Sources = make([]healthRow, 0, len(h.Sources))
	for _, src := range h.Sources {
		r := healthRow{SourceHealth: src, Href: absURL(src.SiteURL), LastSuccess: humanDate(src.LastSuccess)}
		r.Name, r.URL, r.State, r.Next, r.Problem, r.Kind = plain(r.Name), absURL(r.URL), plain(r.State), plain(r.Next), plain(r.Problem), plain(r.Kind)
		if r.Href == "" {
			r.Href = r.URL
		}
		p.Counts[r.Kind]++
		p.Sources = append(p.Sources, r)
	}
	var b bytes.Buffer
	b.Grow(2048 + 256*len(p.Sources))
	if err := pages.ExecuteTemplate(&b, "health-top", p); err != nil {
		return nil, err
	}
	var row []byte
	for i := range p.Sources {
		var ok bool
		if row, ok = appendHealthRow(row[:0], &p.Sources[i]); ok {
			b.Write(row)
		} else if err := pages.ExecuteTemplate(&b, "health-row", &p.Sources[i]); err != nil {
			return nil, err
		}
	}
	if err := pages.ExecuteTemplate(&b, "health-bottom", p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// appendHealthRow appends the bytes the "health-row" template writes for
// r (FuzzHealthRowWriter holds the two to each other), escaping as
// appendCard does; ok is false, and nothing appended, for a row whose link
// the template would filter or normalise.
func appendHealthRow(b []byte, r *healthRow) (_ []byte, ok bool) {
	if r.Href != "" && !plainURL(r.Href) {
		return b, false
	}
	b = append(b, "\n<tr class=\""...)
	b = appendHTML(b, r.Kind)
	b = append(b, "\"><td>"...)
	b = appendHTML(b, r.State)
	b = append(b, "</td><td>"...)
	b = appendLinked(b, r.Href, r.Name)
	b = append(b, "</td><td>"...)
	b = appendHTML(b, r.LastSuccess)
	b = append(b, "</td><td>"...)
	if r.HTTP != 0 {
		b = strconv.AppendInt(b, int64(r.HTTP), 10)
	}
	b = append(b, "</td><td>"...)
	b = strconv.AppendInt(b, int64(r.Items), 10)
	b = append(b, "</td><td>"...)
	b = appendHTML(b, r.Next)
	b = append(b, "</td><td>"...)
	b = appendHTML(b, r.Problem)
	return append(b, "</td></tr>"...), true
}

// writeHealth writes only the health page, into a folder whose outputs are
// up to date: the sources' states change with every refresh, their
// outputs only when items do.
func (p publisher) writeHealth(ctx context.Context, dir string, s *Site, o Options, r *Report) error {
	data, err := renderHealth(s, plain(o.Generator))
	if err != nil {
		return fmt.Errorf("render %s: %w", healthFile, err)
	}
	if p.claim != nil {
		release, err := p.claim(ctx, dir)
		if err != nil {
			return err
		}
		defer release()
	}
	wrote, err := p.writeIfChanged(dir, healthFile, data)
	if err != nil || !wrote {
		return err
	}
	for i, f := range r.Unchanged {
		if f == healthFile {
			r.Unchanged = append(r.Unchanged[:i], r.Unchanged[i+1:]...)
			break
		}
	}
	r.Written = append(r.Written, healthFile)
	return nil
}
