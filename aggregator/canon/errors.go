package canon

import "errors"

// ErrNotHTTP is returned (wrapped) for a URL that is not an absolute http or
// https URL: a relative reference, a mailto:, a tag: URI, a file path. Such
// a link cannot identify a page across sources; callers fall back to other
// identities.
var ErrNotHTTP = errors.New("not an absolute http(s) URL")

// ErrInvalid is returned (wrapped) for an http(s) URL that does not parse or
// whose host is not a usable host name.
var ErrInvalid = errors.New("invalid URL")
