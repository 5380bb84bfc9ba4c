package opml

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/query"
)

// maxListFileSize bounds a word list file; a list of every place in a
// country is a few hundred kilobytes.
const maxListFileSize = 4 << 20

// words reads one type="words" outline.
func (l *opmlLoader) words(line int, se xml.StartElement) {
	name := strings.TrimPrefix(attr(se, "name"), "@")
	if name == "" {
		name = strings.TrimPrefix(attr(se, "text"), "@")
	}
	if name == "" || strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || strings.ContainsRune(`()"/:*`, r) }) {
		l.problem(line, "word list outline needs a name without spaces, quotes, parentheses, slashes, colons or stars, e.g. name=\"frontline\" (used in queries as @frontline); got %q", name)
		return
	}
	for _, w := range l.c.WordLists {
		if w.Name == name {
			l.problem(line, "word list @%s is already defined on line %d; merge the two or rename one", name, w.Line)
			return
		}
	}
	wl := aggregator.WordList{Name: name, Line: line, File: attr(se, "file")}
	words := attr(se, "words")
	switch {
	case wl.File != "" && words != "":
		l.problem(line, "word list @%s has both words and file attributes; keep one", name)
		return
	case wl.File != "":
		path := wl.File
		if !filepath.IsAbs(path) {
			path = filepath.Join(l.dir, path)
		}
		data, err := readListFile(path)
		if err != nil {
			l.problem(line, "word list @%s: %v", name, err)
			return
		}
		wl.Entries = query.ParseListFile(data)
	default:
		entries, err := query.ParseWords(words)
		if err != nil {
			l.problem(line, "word list @%s: words attribute: %v", name, err)
			return
		}
		wl.Entries = entries
	}
	if len(wl.Entries) == 0 {
		l.problem(line, "word list @%s is empty: add words=\"word1 word2 &quot;a phrase&quot;\" or a file with one entry per line", name)
		return
	}
	l.c.WordLists = append(l.c.WordLists, wl)
}

// readListFile reads a list file, bounded in size.
func readListFile(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("cannot read the list file: %w (the path is relative to the OPML file's folder)", err)
	}
	if st.Size() > maxListFileSize {
		return "", fmt.Errorf("list file %s is larger than %d MiB", path, maxListFileSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("cannot read the list file: %w", err)
	}
	return string(data), nil
}

// compileTopics compiles every topic once the whole file is read, so a
// topic may use a list defined below it, and warns about lists no topic
// uses (a typo in a query would otherwise hide as an unused list).
func (l *opmlLoader) compileTopics() {
	if l.compile == nil {
		return
	}
	lists := l.c.Lists()
	used := map[string]bool{}
	kept := l.c.Topics[:0]
	for _, t := range l.c.Topics {
		m, err := l.compile(t.Query, lists)
		if err != nil {
			l.problemInOrder(aggregator.Problem{Line: t.Line, Msg: fmt.Sprintf("topic %q: %s", t.Name, aggregator.QueryProblem(err))})
			continue
		}
		for _, n := range m.Lists() {
			used[n] = true
		}
		t.Matcher = m
		kept = append(kept, t)
	}
	l.c.Topics = kept
	for _, w := range l.c.WordLists {
		if !used[w.Name] {
			l.c.Warnings = append(l.c.Warnings, aggregator.Problem{Line: w.Line, Msg: fmt.Sprintf("word list @%s is not used by any topic query", w.Name)})
		}
	}
}

// problemInOrder adds a problem found after the walk among the others in
// line order, so the file's problems still read top to bottom.
func (l *opmlLoader) problemInOrder(p aggregator.Problem) {
	ps := l.err.Problems
	i := len(ps)
	for i > 0 && (ps[i-1].Line > p.Line || ps[i-1].Line == 0) {
		i--
	}
	l.err.Problems = slices.Insert(ps, i, p)
}
