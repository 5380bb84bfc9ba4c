package canon

import "regexp"

// hostAliases folds hosts that serve the same pages under the same paths.
// The table is deliberately small: an alias belongs here only when the
// publisher answers every article path identically on both hosts, so that
// folding can never join two different pages. Keys and values are written
// without "www.", which is dropped before the lookup; a value must not be a
// key itself (URL is idempotent).
var hostAliases = map[string]string{
	// The BBC publishes every article on bbc.co.uk (UK edition) and bbc.com
	// (international edition) under one path; feeds carry .co.uk, Hacker
	// News and social links carry .com.
	"bbc.co.uk": "bbc.com",
	// CNN's international edition serves www.cnn.com's paths; the edition
	// RSS feed links there.
	"edition.cnn.com": "cnn.com",
}

// pathAlias rewrites one site's alternative path forms of an article to a
// single form keyed by the article's own id. Only ids that the publisher
// puts in both forms qualify; an id that would need a fetch to find (Ars
// Technica's ?p= short links) does not.
type pathAlias struct {
	host   string         // host after www. and host aliases are folded
	path   *regexp.Regexp // matched against the whole normalised path
	toHost string         // host of the canonical form
	toPath string         // replacement template for path
}

// pathAliases lists the per-site path aliases.
var pathAliases = []pathAlias{
	// NPR: www.npr.org/2023/02/15/1157114290/slug (optionally under
	// /sections/NAME/) and text.npr.org/1157114290 are one story, keyed by
	// its numeric story id.
	{
		host:   "npr.org",
		path:   regexp.MustCompile(`^/(?:sections/[^/]+/)?\d{4}/\d{2}/\d{2}/(\d{6,})(?:/[^/]*)?$`),
		toHost: "npr.org",
		toPath: "/$1",
	},
	{
		host:   "text.npr.org",
		path:   regexp.MustCompile(`^/(\d{6,})$`),
		toHost: "npr.org",
		toPath: "/$1",
	},
	// The Wall Street Journal links one article as /articles/slug-ID and as
	// /section[/subsection]/slug-ID, where ID is eight hex digits.
	{
		host:   "wsj.com",
		path:   regexp.MustCompile(`^/(?:[a-z-]+/){1,2}([a-z0-9-]+-[0-9a-f]{8})$`),
		toHost: "wsj.com",
		toPath: "/articles/$1",
	},
}

// alias folds host aliases and then per-site path aliases.
func alias(host, path string) (string, string) {
	if to, ok := hostAliases[host]; ok {
		host = to
	}
	for _, a := range pathAliases {
		if a.host != host {
			continue
		}
		if m := a.path.FindStringSubmatchIndex(path); m != nil {
			return a.toHost, string(a.path.ExpandString(nil, a.toPath, path, m))
		}
	}
	return host, path
}
