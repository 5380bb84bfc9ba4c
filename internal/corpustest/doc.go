// Package corpustest holds what the tests of several aggregator packages
// need to read the shared test corpus beside the repository: where it is
// (skipping when it is absent), how feedparser's cases state what a
// correct parser yields, and the cases where feedloom deliberately yields
// other text than feedparser does.
package corpustest
