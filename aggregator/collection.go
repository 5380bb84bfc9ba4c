package aggregator

import (
	"crypto/sha256"
	"encoding/binary"
	"net/http"
	"time"

	"github.com/feedloom/feedloom/aggregator/query"
)

// Collection is everything an OPML file declares: the sources to poll, the
// categories they form and the topics to publish. It is the source of truth
// for what feedloom does; the store only remembers what happened.
type Collection struct {
	// Path is the OPML file it was loaded from.
	Path string
	// Title is head/title, the name of the whole collection.
	Title string
	// Owner is head/ownerName and head/ownerEmail.
	Owner      Person
	Sources    []Source
	Categories []Category
	Topics     []Topic
	// WordLists are the named lists topic queries use as @name.
	WordLists []WordList
	// Defaults are the limits the OPML head sets for every output.
	Defaults LimitsOverride
	// Warnings are things in the file that work but look like mistakes
	// (a word list no topic uses); check prints them.
	Warnings []Problem
}

// Source is one feed to poll.
type Source struct {
	// URL is the xmlUrl exactly as written in the OPML; it names the source
	// everywhere (store keys, status, outputs).
	URL string
	// Location is URL made absolute: relative paths are resolved against
	// the OPML file's folder and become file:// URLs.
	Location string
	// Title is the outline's text (or title) attribute; may be empty.
	Title string
	// SiteURL is the outline's htmlUrl.
	SiteURL string
	// Categories are the category paths the source belongs to ("News",
	// "News/Europe"), from enclosing folders and the category attribute.
	Categories []string
	// Line is the OPML line of the outline, for messages.
	Line int

	// Per-source settings, from the outline's attributes:
	// Interval polls the source at this fixed interval instead of the
	// schedule's (interval="2h"); Paused stops polling it, keeping its
	// items in the outputs (paused="true"); MaxItems keeps only the first
	// items of each document (maxItems="20", 0 = all).
	Interval time.Duration
	Paused   bool
	MaxItems int
	// Header holds extra request headers (headers="Name: value; …", where
	// $VAR takes a value from the environment) and Username and Password
	// HTTP Basic credentials (authEnv="VAR", VAR holding "user:password").
	// They are read from the environment when the OPML file is loaded and
	// are never stored, published or logged; AuthEnv and HeaderEnv name
	// the variables, for status.
	Header             http.Header
	Username, Password string
	AuthEnv            string
	HeaderEnv          []string
}

// SourceID is the 64-bit key of a source.
type SourceID uint64

// SourceIDOf derives the key of the source whose xmlUrl is url.
func SourceIDOf(url string) SourceID {
	h := sha256.Sum256([]byte(url))
	return SourceID(binary.BigEndian.Uint64(h[:8]))
}

// Category is one OPML folder (or category attribute value). Nested folders
// give paths such as "News/Europe"; a source in a nested folder belongs to
// every ancestor category as well.
type Category struct {
	Name string
	Slug string
	// Limits are the maxItems and maxAge attributes of its folder.
	Limits LimitsOverride
}

// Topic is a saved query published as its own output.
type Topic struct {
	Name  string
	Slug  string
	Query string
	// Scope is the category path of the folder that holds the topic, or
	// empty for a top-level topic that covers every source.
	Scope string
	Line  int
	// Matcher is the compiled query.
	Matcher *query.Query
	// Limits are the maxItems and maxAge attributes of its outline.
	Limits LimitsOverride
}

// Outputs lists every output the collection publishes: "all", then each
// category, then each topic, in OPML order.
func (c *Collection) Outputs() []Output {
	outs := []Output{{Kind: KindAll, Name: "All", Slug: "all", Description: "Every item from every source"}}
	for _, cat := range c.Categories {
		outs = append(outs, Output{Kind: KindCategory, Name: cat.Name, Slug: cat.Slug,
			Description: "Items from the sources in " + cat.Name, Limits: cat.Limits})
	}
	for _, t := range c.Topics {
		outs = append(outs, Output{Kind: KindTopic, Name: t.Name, Slug: t.Slug, Query: t.Query,
			Description: "Stories about " + t.Name + ", selected by a saved query", Limits: t.Limits})
	}
	return outs
}

// SourcesIn returns the sources that belong to category path cat; every
// source when cat is empty.
func (c *Collection) SourcesIn(cat string) []*Source {
	var out []*Source
	for i := range c.Sources {
		s := &c.Sources[i]
		if cat == "" || s.InCategory(cat) {
			out = append(out, s)
		}
	}
	return out
}

// SourceURLsIn returns the URLs of the sources SourcesIn returns.
func (c *Collection) SourceURLsIn(cat string) []string {
	var out []string
	for _, s := range c.SourcesIn(cat) {
		out = append(out, s.URL)
	}
	return out
}

// InCategory reports whether the source belongs to category path cat.
func (s *Source) InCategory(cat string) bool {
	for _, c := range s.Categories {
		if c == cat {
			return true
		}
	}
	return false
}

// Source returns the source whose xmlUrl (or resolved location) is u, or nil.
func (c *Collection) Source(u string) *Source {
	for i := range c.Sources {
		if c.Sources[i].URL == u || c.Sources[i].Location == u {
			return &c.Sources[i]
		}
	}
	return nil
}

// Problem is one thing wrong in the OPML file.
type Problem struct {
	Line int
	Msg  string
}

// WordList is a named list of words declared in the OPML file with
// <outline type="words" name="frontline" words="Bakhmut &quot;Kryvyi Rih&quot;"/>
// or file="lists/frontline.txt" (one entry per line, relative to the
// OPML file), and used in any topic query as @frontline. Lists keep long
// queries readable and let one list of places or people serve many topics.
type WordList struct {
	Name    string
	Entries []string
	// File is the list file as written, or empty for a words attribute.
	File string
	Line int
}

// Lists returns the collection's word lists by name, as queries use them.
func (c *Collection) Lists() query.Lists {
	m := make(query.Lists, len(c.WordLists))
	for _, w := range c.WordLists {
		m[w.Name] = w.Entries
	}
	return m
}

// SourcesByURL indexes the collection's sources by xmlUrl, the name items
// carry.
func (c *Collection) SourcesByURL() map[string]*Source {
	m := make(map[string]*Source, len(c.Sources))
	for i := range c.Sources {
		m[c.Sources[i].URL] = &c.Sources[i]
	}
	return m
}
