package aggregator

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/feedloom/feedloom/aggregator/charset"
	"github.com/mmcdole/gofeed"
)

// ErrNotAFeed is returned for a document that is no RSS, Atom or JSON
// feed (typically an HTML page).
var ErrNotAFeed = errors.New("not a feed")

// ParseError is a document that could not be read as a feed.
type ParseError struct {
	Err error
}

func (e *ParseError) Error() string { return e.Err.Error() }
func (e *ParseError) Unwrap() error { return e.Err }

// Parse decodes a fetched body to UTF-8 and parses it with gofeed.
func Parse(body []byte, contentType string) (*gofeed.Feed, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, &ParseError{fmt.Errorf("%w: the document is empty", ErrNotAFeed)}
	}
	utf8Body, err := charset.ToUTF8(body, contentType)
	if err != nil {
		return nil, &ParseError{fmt.Errorf("decode characters: %w", err)}
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
	return gofeed.NewParser().Parse(bytes.NewReader(body))
}

func looksLikeHTML(b []byte) bool {
	head := bytes.ToLower(b[:min(len(b), 1024)])
	return bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<!doctype html"))
}
