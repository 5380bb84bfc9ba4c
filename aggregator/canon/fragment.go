package canon

import "strings"

// A fragment normally addresses a place inside one page (a heading, the
// comments), so two links that differ only by it are one page and the
// fragment is dropped. Live pages are the exception: a live blog announces
// each post as its own feed item whose link is the page plus the post's
// anchor, and those posts are different items. A fragment is therefore kept
// when
//
//   - it is a post anchor: one of postAnchorPrefixes followed by an id that
//     contains a digit (CNN "#h_7d79f1…", the Guardian "#block-6543f1…",
//     WordPress "#post-1234"), or
//   - the page is a live page: a path segment in livePathSegments (the
//     Guardian /live/, CNN /live-news/, NYT /live/ whose post anchors are
//     slugs), or
//   - it is a client-side route ("#!/…" or "#/…"), which addresses content
//     rather than a place in it.

// postAnchorPrefixes start fragment ids that address one post of a page.
var postAnchorPrefixes = []string{"h_", "block-", "post-", "entry-", "update-", "live-"}

// livePathSegments are path segments that mark a live page.
var livePathSegments = []string{"live", "live-news", "live-updates", "liveblog", "live-blog"}

// keepFragment reports whether the (normalised) fragment of a URL with the
// given (normalised) path is part of its identity.
func keepFragment(path, frag string) bool {
	if frag == "" {
		return false
	}
	if frag[0] == '!' || frag[0] == '/' {
		return true
	}
	if isPostAnchor(frag) {
		return true
	}
	for seg := range strings.SplitSeq(strings.ToLower(path), "/") {
		for _, live := range livePathSegments {
			if seg == live {
				return true
			}
		}
	}
	return false
}

func isPostAnchor(frag string) bool {
	f := strings.ToLower(frag)
	for _, p := range postAnchorPrefixes {
		id, ok := strings.CutPrefix(f, p)
		if ok && id != "" && strings.ContainsAny(id, "0123456789") {
			return true
		}
	}
	return false
}
