package output

import (
	"context"
	"fmt"
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

// renderHealth renders health.html.
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
	for _, src := range h.Sources {
		r := healthRow{SourceHealth: src, Href: absURL(src.SiteURL), LastSuccess: humanDate(src.LastSuccess)}
		r.Name, r.URL, r.State, r.Next, r.Problem, r.Kind = plain(r.Name), absURL(r.URL), plain(r.State), plain(r.Next), plain(r.Problem), plain(r.Kind)
		if r.Href == "" {
			r.Href = r.URL
		}
		p.Counts[r.Kind]++
		p.Sources = append(p.Sources, r)
	}
	return execute("health.tmpl", p)
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
