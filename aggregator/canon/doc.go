// Package canon turns an item's link into the key that recognises one page
// published under several URLs: the same article reached through two feeds,
// once with tracking parameters and once without, once over http and once
// over https, once on www. and once without.
//
// The result of URL is an identity key, not a link to publish: it always
// uses the https scheme and may name a host alias (bbc.com for bbc.co.uk)
// that the publisher never linked. Store it beside the original link and
// publish the original.
//
// The rules, in the order they apply:
//
//   - only absolute http and https URLs have a key; anything else returns
//     an error wrapping ErrNotHTTP, and a URL that does not parse one
//     wrapping ErrInvalid;
//   - the scheme becomes "https" (http and https are one page), user
//     information is dropped, the host is lower-cased, a trailing dot is
//     dropped, an internationalised host is written in its ASCII
//     (punycode) form, leading "www." labels are dropped, and the default
//     ports 80 and 443 are dropped;
//   - a few well-known host aliases and per-site path aliases are folded
//     (alias.go): bbc.co.uk = bbc.com, edition.cnn.com = cnn.com, NPR's
//     story id, WSJ's article id;
//   - percent-encoding is normalised: escapes of unreserved characters
//     (letters, digits, "-", ".", "_", "~") are decoded, other escapes use
//     upper-case hex, and bytes that must be escaped are escaped;
//   - "." and ".." path segments are resolved, an empty path becomes "/",
//     and trailing slashes are dropped from any other path (servers answer
//     "/a/" and "/a" with the same page, or redirect one to the other);
//   - tracking parameters (tracking.go) are removed from the query; the
//     remaining parameters keep their order and spelling; an empty query is
//     dropped;
//   - the fragment is dropped, except where it addresses a post of a live
//     page (fragment.go): CNN's "#h_…" and the Guardian's "#block-…" posts
//     of one live page are different items.
//
// URL is idempotent: URL(k) == k for every key k it returns.
package canon
