package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/canon"
	"github.com/feedloom/feedloom/aggregator/discover"
	"github.com/feedloom/feedloom/aggregator/opml"
	"github.com/feedloom/feedloom/internal/app"
	"github.com/feedloom/feedloom/store"
	"github.com/urfave/cli/v2"
)

func sourcesAddCommand() *cli.Command {
	return &cli.Command{
		Name:      "add",
		Usage:     "add a feed, or find the feed of a web page, to the OPML file",
		ArgsUsage: "URL",
		Description: `Takes a feed's URL or a site's page. For a page, feedloom looks for the feeds it
announces (<link rel="alternate" type="application/rss+xml|atom+xml|feed+json">), and
when there are none tries /feed, /rss, /atom.xml, /feed.xml, /index.xml and /rss.xml.
The chosen feed (the first announced, or --pick N) must parse as a feed. It is added
inside the --category folder (created at the end of the body if missing; "A/B" nests),
on a line of its own; nothing else in the file changes. A source already listed is
refused. A source that was removed after a 410 Gone and is added again is polled again.

Examples:
   feedloom sources add https://blog.example.org/ --category Tech
   feedloom sources add https://news.example/ --pick 2 --title "Example News"`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "category", Usage: "folder `PATH` to add the source to, e.g. News/Europe"},
			&cli.StringFlag{Name: "title", Usage: "name the source (default: the feed's own title)"},
			&cli.IntFlag{Name: "pick", Usage: "when the page announces several feeds, take the `N`th (from 1)"},
		}, politeFlags()...),
		Action: sourcesAdd,
	}
}

func sourcesAdd(c *cli.Context) error {
	args, err := positionalArgs(c)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return configError(errors.New("sources add takes one URL: a feed or a web page"))
	}
	raw := strings.TrimSpace(args[0])
	col, err := loadCollection(c)
	if err != nil {
		return err
	}
	if err := notListed(col, raw); err != nil {
		return err
	}
	client, err := newFetcher(c)
	if err != nil {
		return err
	}
	defer client.CloseIdleConnections()
	d, err := discover.Discover(c.Context, client, raw, c.Int("pick"))
	if err != nil {
		if d != nil {
			listCandidates(c, d)
		}
		return fatal(err)
	}
	chosen := d.Candidates[d.Chosen]
	if err := notListed(col, chosen.URL); err != nil {
		return err
	}
	title := strings.TrimSpace(c.String("title"))
	if title == "" {
		title = d.Title
	}
	o := opml.NewOutline{Title: title, XMLURL: chosen.URL, HTMLURL: d.SiteURL, Category: c.String("category")}
	if err := app.EditOPML(col.Path, func(data []byte) ([]byte, error) { return opml.AddSource(data, o) }); err != nil {
		return fatal(err)
	}
	where := "at the top level"
	if o.Category != "" {
		where = "in " + o.Category
	}
	fmt.Fprintf(c.App.Writer, "added %q (%s) %s of %s\n", title, chosen.URL, where, col.Path)
	if len(d.Candidates) > 1 {
		listCandidates(c, d)
	}
	return reviveSource(c, chosen.URL)
}

// listCandidates prints every feed a page announces, marking the chosen.
func listCandidates(c *cli.Context, d *discover.Discovery) {
	w := c.App.Writer
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

// notListed refuses a URL the collection already has, exactly or in a
// form that differs only in scheme, www., case or tracking parameters.
func notListed(col *aggregator.Collection, u string) error {
	if s := col.Source(u); s != nil {
		return configError(fmt.Errorf("%s is already listed in %s on line %d", u, col.Path, s.Line))
	}
	cu, err := canon.URL(u)
	if err != nil {
		return nil
	}
	for _, s := range col.Sources {
		if cs, err := canon.URL(s.Location); err == nil && cs == cu {
			return configError(fmt.Errorf("%s is already listed in %s on line %d as %s", u, col.Path, s.Line, s.URL))
		}
	}
	return nil
}

// reviveSource clears the "gone" mark a source may have from before it was
// removed: adding it again is the user saying it is worth polling. The
// database is left alone when it does not exist yet; when it is busy, the
// user is told how to do it by hand.
func reviveSource(c *cli.Context, u string) error {
	path := c.String("db")
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	db, err := store.Open(path, storeOptions(c, false))
	if err != nil {
		sayc(c, "could not check %s for an old 410 Gone on this source (%v); if `feedloom status` shows it gone, run `feedloom refresh %s`", path, err, u)
		return nil
	}
	defer db.Close()
	states, err := db.SourceStates(c.Context)
	if err != nil {
		return fatal(err)
	}
	st, ok := states[u]
	if !ok || !st.Gone {
		return nil
	}
	st.Gone = false
	st.NextDue = time.Time{} // due now
	if _, err := db.Commit(c.Context, []*aggregator.SourceResult{{State: st}}); err != nil {
		return fatal(err)
	}
	fmt.Fprintf(c.App.Writer, "it had answered 410 Gone before; it will be polled again\n")
	return nil
}
