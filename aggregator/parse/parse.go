package parse

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/feedloom/feedloom/aggregator/charset"
	"github.com/mmcdole/gofeed"
)

// The bounds of Parse: a document beyond either is refused whole.
const (
	// MaxDocumentBytes is the largest body Parse accepts. The fetcher caps
	// bodies at 20 MiB by default (--max-body), files included; this
	// ceiling also covers a raised --max-body and bodies from elsewhere.
	MaxDocumentBytes = 64 << 20
	// MaxDepth is the deepest element nesting Parse accepts. Feeds nest a
	// few levels, inline XHTML a few dozen; gofeed parses extension
	// elements recursively, so depth costs stack.
	MaxDepth = 1024
)

// ErrNotAFeed is returned for a document that is no RSS, Atom or JSON
// feed (typically an HTML page).
var ErrNotAFeed = errors.New("not a feed")

// ErrTooLarge and ErrTooDeep are documents beyond MaxDocumentBytes or
// MaxDepth: refused whole, since no part of them can be trusted to be the
// feed its author meant.
var (
	ErrTooLarge = errors.New("document too large")
	ErrTooDeep  = errors.New("document nested too deeply")
)

// ParseError is a document that could not be read as a feed.
type ParseError struct {
	Err error
}

func (e *ParseError) Error() string { return e.Err.Error() }
func (e *ParseError) Unwrap() error { return e.Err }

// Parse decodes a fetched body to UTF-8 and parses it with gofeed.
//
// Every text field of the result is HTML: plain-text constructs (Atom
// type="text" titles, JSON Feed titles, names and tags) come escaped, so
// the normaliser reads every field one way (see markPlainText). A body
// larger than MaxDocumentBytes or nested deeper than MaxDepth is refused
// with a *ParseError before gofeed sees it.
func Parse(body []byte, contentType string) (*gofeed.Feed, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, &ParseError{fmt.Errorf("%w: the document is empty", ErrNotAFeed)}
	}
	if len(body) > MaxDocumentBytes {
		return nil, &ParseError{fmt.Errorf("%w: the document has %d bytes, more than the %d feedloom reads", ErrTooLarge, len(body), MaxDocumentBytes)}
	}
	utf8Body, err := charset.ToUTF8(body, contentType)
	if err != nil {
		return nil, &ParseError{fmt.Errorf("decode characters: %w", err)}
	}
	utf8Body = dropBadCharRefs(utf8Body)
	if deeperThan(utf8Body, MaxDepth) {
		return nil, &ParseError{fmt.Errorf("%w: elements nest more than %d deep", ErrTooDeep, MaxDepth)}
	}
	f, err := parseGuarded(utf8Body)
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			if looksLikeHTML(utf8Body) {
				return nil, &ParseError{fmt.Errorf("%w: the URL returns an HTML page; use the feed's own URL (`feedloom sources add PAGE` finds it)", ErrNotAFeed)}
			}
			return nil, &ParseError{fmt.Errorf("%w: no RSS, Atom or JSON Feed document found", ErrNotAFeed)}
		}
		return nil, &ParseError{fmt.Errorf("parse feed: %w", err)}
	}
	markPlainText(f, utf8Body)
	return f, nil
}

// parseGuarded runs gofeed and turns a panic inside it into an error: one
// hostile document must not stop the run.
func parseGuarded(body []byte) (f *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("parser failed on this document: %v", r)
		}
	}()
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true // markPlainText reads JSON Feed's content_text
	// The item image gofeed would dig out of the content HTML is already in
	// the content; finding it costs a full HTML parse per item.
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	return p.Parse(bytes.NewReader(body))
}

func looksLikeHTML(b []byte) bool {
	head := bytes.ToLower(b[:min(len(b), 1024)])
	return bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<!doctype html"))
}
