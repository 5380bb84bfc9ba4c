package app

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/discover"
)

// WriteStatus renders the rows as a table a person reads at a glance,
// with a one-line count at the end.
func WriteStatus(w io.Writer, rows []SourceStatus, now time.Time) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tSOURCE\tLAST SUCCESS\tHTTP\tITEMS\tNEXT POLL\tPROBLEM")
	counts := map[string]int{}
	for i := range rows {
		r := &rows[i]
		counts[r.State]++
		state, next, problem := r.cells(now)
		status := "-"
		if r.LastStatus != 0 {
			status = fmt.Sprint(r.LastStatus)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", state, clip(nameOf(r), 40), ago(now, r.LastSuccess), status,
			r.ItemsStored, next, clip(problem, 100))
	}
	tw.Flush()
	fmt.Fprintf(w, "%d sources: %d ok, %d failing, %d gone, %d moved, %d never polled",
		len(rows), counts[StateOK], counts[StateFailing], counts[StateGone], counts[StateMoved], counts[StateNew])
	if n := counts[StatePaused]; n > 0 {
		fmt.Fprintf(w, ", %d paused", n)
	}
	fmt.Fprintln(w)
}

// cells says in words, for a person at now, the source's state, when it
// is polled next and its problem (or, lacking one, what is notable about
// it): the columns of the status table and of the health page.
func (r *SourceStatus) cells(now time.Time) (state, next, problem string) {
	state, next, problem = "ok", until(now, r.NextDue), r.LastError
	switch r.State {
	case StateNew:
		state, next = "new", "now"
	case StateFailing:
		state = fmt.Sprintf("FAILING %s (%d×)", human(now.Sub(r.FailingSince)), r.ConsecutiveFailures)
	case StateGone:
		state, next = "GONE "+human(now.Sub(r.FailingSince)), "stopped"
	case StatePaused:
		state, next = "paused", "paused"
	case StateMoved:
		state = "MOVED"
		problem = fmt.Sprintf("moved to %s; run `feedloom refresh --update-opml`", r.RedirectTo)
	}
	if problem == "" && r.RedirectTo != "" {
		problem = fmt.Sprintf("permanent redirect to %s for %s (%d polls)", r.RedirectTo, human(now.Sub(r.RedirectFirstSeen)), r.RedirectCount)
	}
	if r.MovedFrom != "" && problem == "" {
		problem = "moved from " + r.MovedFrom
	}
	if problem == "" && r.Identity != "" {
		problem = fmt.Sprintf("items identified by %s: %s", r.Identity, r.IdentityReason)
	}
	if problem == "" && r.LastWarning != "" {
		problem = "warning: " + r.LastWarning
	}
	if problem == "" && r.Settings != nil {
		problem = r.Settings.String()
	}
	return state, next, problem
}

func nameOf(r *SourceStatus) string {
	if r.Title != "" {
		return r.Title
	}
	return r.URL
}

func clip(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return human(now.Sub(t)) + " ago"
}

func until(now, t time.Time) string {
	if t.IsZero() || !t.After(now) {
		return "now"
	}
	return "in " + human(t.Sub(now))
}

// human rounds a duration down to its largest sensible unit.
func human(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

// WriteSources lists the sources of col in OPML order with their
// categories: a table, or with asJSON the JSON scripts read (url, title,
// site_url, categories, line).
func WriteSources(w io.Writer, col *aggregator.Collection, asJSON bool) error {
	type row struct {
		URL        string   `json:"url"`
		Title      string   `json:"title"`
		SiteURL    string   `json:"site_url,omitempty"`
		Categories []string `json:"categories"`
		Line       int      `json:"line"`
	}
	rows := make([]row, 0, len(col.Sources))
	for _, s := range col.Sources {
		rows = append(rows, row{s.URL, s.Title, s.SiteURL, append([]string{}, s.Categories...), s.Line})
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TITLE\tURL\tCATEGORIES")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", clip(r.Title, 40), r.URL, strings.Join(r.Categories, ", "))
	}
	return tw.Flush()
}

// WriteCandidates prints every feed a page announces, marking the chosen.
func WriteCandidates(w io.Writer, d *discover.Discovery) {
	fmt.Fprintf(w, "the page announces %d feeds (choose with --pick N):\n", len(d.Candidates))
	for i, cand := range d.Candidates {
		mark := " "
		if i == d.Chosen {
			mark = "*"
		}
		fmt.Fprintf(w, " %s %d. %s", mark, i+1, cand.URL)
		if cand.Title != "" {
			fmt.Fprintf(w, " (%s)", cand.Title)
		}
		fmt.Fprintln(w)
	}
}
