// Package discover finds the feed of a web page: the autodiscovery links
// it announces (FindFeedLinks), the common feed paths of a site, and a
// fetch that proves the candidate parses (Discover), as `feedloom sources
// add` uses it.
package discover
