// Package output renders feedloom's merged feeds and publishes them as a
// static site.
//
// Every output (aggregator.Feed) becomes three documents that real readers
// accept: RSS 2.0 (RenderRSS), Atom 1.0 (RenderAtom) and JSON Feed 1.1
// (RenderJSON). They are built on gorilla/feeds' format structs, extended
// where those lack what feedloom publishes (several authors, categories,
// enclosures, sources and "also via" credits, self and hub links).
//
// Rendering is a pure function of its input: no wall clock, no map order,
// so an unchanged store gives byte-identical documents and static hosts,
// HTTP caches and readers see no change. Feed-level dates are the newest
// entry's.
//
// Publish writes a whole Site into a folder:
//
//	index.html            every output, grouped, with autodiscovery links; the latest items
//	outputs.opml          every output's Atom feed, to subscribe to all at once
//	.feedloom-manifest    the files feedloom wrote (JSON); only these are ever removed
//	<slug>/rss.xml        RSS 2.0
//	<slug>/atom.xml       Atom 1.0
//	<slug>/feed.json      JSON Feed 1.1
//	<slug>/index.html     the output's items as a readable page
//
// Files are replaced atomically and only when their bytes change; files of
// outputs that disappeared are removed, but only those the manifest lists.
//
// Decisions every format shares (see view.go):
//   - The Atom feed id is the output page's URL (BaseURL + slug + "/"):
//     unique to one installation's output and stable while it is hosted
//     there. Entry ids are the caller's story ids (urn:uuid), published
//     as RSS guids with isPermaLink="false".
//   - Every entry has an author: its own authors, else its source (by
//     title), else the collection's owner, else the feed itself.
//   - A feed's language is the one most entries declare (ties go to the
//     alphabetically first), omitted when none does; entries keep their own.
//   - The body is the content, else the summary; the summary is kept beside
//     it when both exist (Atom summary type="html", JSON summary as text,
//     RSS description with content:encoded for the content).
//   - The HTML pages show summaries as plain-text excerpts, never as HTML:
//     no source's images or embeds load from the site, and no sanitiser slip
//     becomes script on the publisher's origin.
//   - Text is cleaned as a last line of defence (invalid UTF-8 replaced,
//     XML-forbidden characters dropped) and URLs that are not absolute are
//     left out, so no input can make a document ill-formed or invalid.
package output
