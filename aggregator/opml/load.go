package opml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/query"
)

// maxOPMLSize bounds the OPML file feedloom reads; a list of tens of
// thousands of sources fits easily.
const maxOPMLSize = 32 << 20

// maxOutlineDepth bounds folder nesting, so a hostile file cannot make the
// loader recurse without end.
const maxOutlineDepth = 64

// ConfigError reports everything wrong with an OPML file at once, each
// problem with its line, so a user fixes the file in one pass.
type ConfigError struct {
	Path     string
	Problems []aggregator.Problem
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		if p.Line > 0 {
			fmt.Fprintf(&b, "%s:%d: %s", e.Path, p.Line, p.Msg)
		} else {
			fmt.Fprintf(&b, "%s: %s", e.Path, p.Msg)
		}
	}
	return b.String()
}

// QueryCompiler compiles a topic query; Load uses it to validate every
// topic before anything is fetched. The returned error's message is shown
// under the topic's name and line.
type QueryCompiler func(q string, lists query.Lists) (*query.Query, error)

// Load reads and validates the OPML file at path. Every problem is
// reported in one *ConfigError; nothing is returned half-valid.
func Load(path string, compile QueryCompiler) (*aggregator.Collection, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &ConfigError{Path: path, Problems: []aggregator.Problem{{Msg: "file not found: create it (see feeds.opml in the feedloom repository) or point --opml at your OPML file"}}}
		}
		return nil, &ConfigError{Path: path, Problems: []aggregator.Problem{{Msg: fmt.Sprintf("cannot read: %v", err)}}}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxOPMLSize+1))
	if err != nil {
		return nil, &ConfigError{Path: path, Problems: []aggregator.Problem{{Msg: fmt.Sprintf("cannot read: %v", err)}}}
	}
	if len(data) > maxOPMLSize {
		return nil, &ConfigError{Path: path, Problems: []aggregator.Problem{{Msg: fmt.Sprintf("file is larger than %d MiB; split it", maxOPMLSize>>20)}}}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return Parse(data, path, filepath.Dir(abs), compile)
}

// Parse parses OPML bytes; name is used in messages and dir resolves
// relative source paths.
func Parse(data []byte, name, dir string, compile QueryCompiler) (*aggregator.Collection, error) {
	l := &opmlLoader{
		c:       &aggregator.Collection{Path: name},
		dir:     dir,
		compile: compile,
		seen:    map[string]int{},
		catSeen: map[string]bool{},

		folderLimits: map[string]aggregator.LimitsOverride{},
		err:          &ConfigError{Path: name},
	}
	if len(bytes.TrimSpace(data)) == 0 {
		l.problem(0, "file is empty: it must be an OPML document with <opml><body><outline xmlUrl=\"…\"/></body></opml>")
		return nil, l.err
	}
	if err := l.parse(data); err != nil {
		return nil, err
	}
	for i := range l.c.Categories {
		l.c.Categories[i].Limits = l.folderLimits[l.c.Categories[i].Name]
	}
	l.compileTopics()
	if len(l.err.Problems) > 0 {
		return nil, l.err
	}
	assignSlugs(l.c)
	return l.c, nil
}

type opmlLoader struct {
	c       *aggregator.Collection
	dir     string
	compile QueryCompiler
	dec     *xml.Decoder
	seen    map[string]int // source location → index in c.Sources
	// folderLimits are the maxItems and maxAge of folders, by category.
	folderLimits map[string]aggregator.LimitsOverride
	catSeen      map[string]bool
	err          *ConfigError
}

func (l *opmlLoader) problem(line int, format string, args ...any) {
	l.err.Problems = append(l.err.Problems, aggregator.Problem{Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (l *opmlLoader) line() int {
	line, _ := l.dec.InputPos()
	return line
}

// parse walks the document. The XML decoder is strict, so a malformed file
// stops at its first syntax error with that error's line.
func (l *opmlLoader) parse(data []byte) error {
	l.dec = xml.NewDecoder(bytes.NewReader(data))
	l.dec.Strict = true
	// OPML files come in many declared encodings; accept the common ones.
	l.dec.CharsetReader = opmlCharsetReader
	var sawOPML, sawBody bool
	for {
		tok, err := l.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			l.syntaxError(err)
			return l.err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "opml":
			sawOPML = true
		case "head":
			l.c.Defaults = l.limits(l.line(), se, "<head>")
			if err := l.parseHead(); err != nil {
				l.syntaxError(err)
				return l.err
			}
		case "body":
			sawBody = true
			if err := l.parseOutlines(nil, "", 0); err != nil {
				l.syntaxError(err)
				return l.err
			}
		}
	}
	if !sawOPML {
		l.problem(0, "not an OPML file: no <opml> element")
	} else if !sawBody {
		l.problem(0, "no <body> element: sources go in <body><outline xmlUrl=\"…\"/></body>")
	} else if len(l.c.Sources) == 0 && len(l.err.Problems) == 0 {
		l.problem(0, "no sources: add <outline text=\"Name\" xmlUrl=\"https://example.org/feed.xml\"/> to <body>")
	}
	return nil
}

func (l *opmlLoader) syntaxError(err error) {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		l.problem(se.Line, "malformed XML: %s; fix the file (is an & not written as &amp;?)", se.Msg)
		return
	}
	l.problem(l.line(), "malformed XML: %v", err)
}

func (l *opmlLoader) parseHead() error {
	for {
		tok, err := l.dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			var text string
			if err := l.dec.DecodeElement(&text, &t); err != nil {
				return err
			}
			text = strings.TrimSpace(text)
			switch t.Name.Local {
			case "title":
				l.c.Title = text
			case "ownerName":
				l.c.Owner.Name = text
			case "ownerEmail":
				l.c.Owner.Email = text
			case "ownerId":
				l.c.Owner.URI = text
			}
		case xml.EndElement:
			return nil
		}
	}
}

// parseOutlines reads outlines until the end of the enclosing element.
// folders is the category path of the enclosing folders.
func (l *opmlLoader) parseOutlines(folders []string, scope string, depth int) error {
	for {
		tok, err := l.dec.Token()
		if err != nil {
			if err == io.EOF {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "outline" {
				if err := l.dec.Skip(); err != nil {
					return err
				}
				continue
			}
			if depth >= maxOutlineDepth {
				l.problem(l.line(), "folders nested more than %d deep; flatten them", maxOutlineDepth)
				if err := l.dec.Skip(); err != nil {
					return err
				}
				continue
			}
			if err := l.outline(t, folders, scope, depth); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// attr returns the attribute name of se, trimmed; written in another case
// (xmlurl, XMLURL, as some exporters write it) when not as named.
func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	for _, a := range se.Attr {
		if strings.EqualFold(a.Name.Local, name) {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

func (l *opmlLoader) outline(se xml.StartElement, folders []string, scope string, depth int) error {
	line := l.line()
	name := attr(se, "text")
	if name == "" {
		name = attr(se, "title")
	}
	xmlURL := attr(se, "xmlUrl")
	kind := strings.ToLower(attr(se, "type"))
	switch {
	case kind == "topic":
		l.topic(line, name, attr(se, "query"), scope, l.limits(line, se, fmt.Sprintf("topic %q", name)))
		return l.dec.Skip()
	case kind == "words":
		l.words(line, se)
		return l.dec.Skip()
	case xmlURL != "":
		l.source(line, se, name, xmlURL, folders)
		return l.dec.Skip()
	default:
		// A folder: its children inherit its category path.
		if name == "" {
			name = "Untitled"
		}
		name = strings.ReplaceAll(name, "/", "∕")
		path := append(append([]string(nil), folders...), name)
		cat := strings.Join(path, "/")
		if lim := l.limits(line, se, fmt.Sprintf("folder %q", cat)); lim != (aggregator.LimitsOverride{}) {
			l.folderLimits[cat] = lim
		}
		return l.parseOutlines(path, cat, depth+1)
	}
}

func (l *opmlLoader) topic(line int, name, q, scope string, lim aggregator.LimitsOverride) {
	if name == "" {
		l.problem(line, "topic outline has no text attribute: name it, e.g. text=\"Ukraine war\"")
		return
	}
	if q == "" {
		l.problem(line, "topic %q has no query attribute: add query=\"…\"", name)
		return
	}
	// Compiled by compileTopics once every word list is known.
	l.c.Topics = append(l.c.Topics, aggregator.Topic{Name: name, Query: q, Scope: scope, Line: line, Limits: lim})
}

func (l *opmlLoader) source(line int, se xml.StartElement, name, raw string, folders []string) {
	loc, err := l.location(raw)
	if err != nil {
		l.problem(line, "outline %q: xmlUrl %q %v", name, raw, err)
		return
	}
	// The same feed in several folders (as feed readers export it) is one
	// source in each of their categories.
	s := &aggregator.Source{URL: raw, Location: loc, Title: name, SiteURL: attr(se, "htmlUrl"), Line: line}
	if prev, dup := l.seen[loc]; dup {
		s = &l.c.Sources[prev]
		if s.URL != raw {
			l.problem(line, "outline %q: %s is the source %s of line %d written another way; write it the same way, or remove one", name, raw, s.URL, s.Line)
			return
		}
		if !sameSettings(se) {
			l.problem(line, "outline %q: source %s is also listed on line %d; give its settings (%s) on one outline only", name, raw, s.Line, strings.Join(sourceSettings, ", "))
			return
		}
	} else {
		l.settings(line, se, s)
	}
	add := func(path []string) {
		for i := range path {
			cat := strings.Join(path[:i+1], "/")
			if !s.InCategory(cat) {
				s.Categories = append(s.Categories, cat)
			}
			if !l.catSeen[cat] {
				l.catSeen[cat] = true
				l.c.Categories = append(l.c.Categories, aggregator.Category{Name: cat})
			}
		}
	}
	add(folders)
	for _, c := range strings.Split(attr(se, "category"), ",") {
		var path []string
		for _, seg := range strings.Split(c, "/") {
			if seg = strings.TrimSpace(seg); seg != "" {
				path = append(path, seg)
			}
		}
		if len(path) > 0 {
			add(path)
		}
	}
	if _, dup := l.seen[loc]; !dup {
		l.seen[loc] = len(l.c.Sources)
		l.c.Sources = append(l.c.Sources, *s)
	}
}

// location makes an xmlUrl absolute: http(s) and file URLs as they are,
// plain paths resolved against the OPML file's folder.
func (l *opmlLoader) location(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("does not parse as a URL (%v); write a full http(s):// URL", err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return "", errors.New("has no host; write a full http(s):// URL")
		}
		return u.String(), nil
	case "file":
		if u.Path == "" {
			return "", errors.New("names no file; write file:///absolute/path.xml")
		}
		return "file://" + filepath.ToSlash(filepath.Clean(u.Path)), nil
	case "":
		p := raw
		if !filepath.IsAbs(p) {
			p = filepath.Join(l.dir, p)
		}
		return "file://" + filepath.ToSlash(filepath.Clean(p)), nil
	default:
		return "", fmt.Errorf("uses the unsupported scheme %q; use http, https or file", u.Scheme)
	}
}
