// Package fetch performs one polite HTTP (or file) request for a feed:
// conditional headers from the stored validators, an honest User-Agent,
// gzip and brotli, timeouts on every phase, a cap on the decompressed body,
// and a record of the redirects followed. Deciding when to poll, and how to
// react to failures, is the scheduler's business, not this package's.
package fetch
