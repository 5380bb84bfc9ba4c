package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/feedloom/feedloom/internal/app"
)

// printStatus renders the rows as a table a person reads at a glance,
// with a one-line count at the end.
func printStatus(w io.Writer, rows []app.SourceStatus, now time.Time) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tSOURCE\tLAST SUCCESS\tHTTP\tITEMS\tNEXT POLL\tPROBLEM")
	counts := map[string]int{}
	for i := range rows {
		r := &rows[i]
		counts[r.State]++
		state, next, problem := "ok", until(now, r.NextDue), r.LastError
		switch r.State {
		case app.StateNew:
			state, next = "new", "now"
		case app.StateFailing:
			state = fmt.Sprintf("FAILING %s (%d×)", human(now.Sub(r.FailingSince)), r.ConsecutiveFailures)
		case app.StateGone:
			state, next = "GONE "+human(now.Sub(r.FailingSince)), "stopped"
		case app.StateMoved:
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
		status := "-"
		if r.LastStatus != 0 {
			status = fmt.Sprint(r.LastStatus)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", state, clip(nameOf(r), 40), ago(now, r.LastSuccess), status,
			r.ItemsStored, next, clip(problem, 100))
	}
	tw.Flush()
	fmt.Fprintf(w, "%d sources: %d ok, %d failing, %d gone, %d moved, %d never polled\n",
		len(rows), counts[app.StateOK], counts[app.StateFailing], counts[app.StateGone], counts[app.StateMoved], counts[app.StateNew])
}

func nameOf(r *app.SourceStatus) string {
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
