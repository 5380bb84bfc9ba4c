package sanitize

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// Policy sanitises HTML for republishing. It is built once by New and is
// safe for concurrent use: bluemonday policies are read-only once built,
// and each call keeps its own state.
type Policy struct {
	bm *bluemonday.Policy
	// full makes HTML run bluemonday on every input with markup or
	// character references, as it did before its fast paths: the
	// differential tests compare the two.
	full bool
}

// New returns the republishing policy described in the package
// documentation.
func New() *Policy {
	return &Policy{bm: allowlist()}
}

// Attribute value patterns, in addition to bluemonday's.
var (
	direction = regexp.MustCompile(`^(?i:ltr|rtl|auto)$`)
	language  = regexp.MustCompile(`^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$`)
	mediaType = regexp.MustCompile(`^[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+(?:\s*;\s*[A-Za-z0-9.+-]+=(?:"[^"<>]*"|[A-Za-z0-9.+-]+))*$`)
	preload   = regexp.MustCompile(`^(?i:none|metadata|auto)?$`)
	trackKind = regexp.MustCompile(`^(?i:subtitles|captions|descriptions|chapters|metadata)$`)
	sizes     = regexp.MustCompile(`^[A-Za-z0-9 ().,:%-]*$`)
	boolean   = regexp.MustCompile(`^[A-Za-z]*$`)
)

// formatting lists the elements kept with no attributes of their own: text
// structure and phrasing that cannot run code or fetch anything.
var formatting = []string{
	"p", "br", "hr", "div", "span", "pre", "blockquote", "address",
	"h1", "h2", "h3", "h4", "h5", "h6",
	"section", "article", "header", "footer", "aside", "details", "summary",
	"em", "strong", "b", "i", "u", "s", "strike", "small", "big", "mark", "tt",
	"code", "kbd", "samp", "var", "dfn", "abbr", "cite", "q", "del", "ins",
	"sup", "sub", "time", "bdi", "wbr", "ruby", "rt", "rp",
	"ul", "ol", "li", "dl", "dt", "dd",
	"figure", "figcaption", "picture",
	"table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "colgroup", "col",
	"audio", "video",
}

// allowlist builds the bluemonday policy: the elements and attributes
// HTML keeps. bluemonday checks the schemes of the URL attributes it knows
// against one list; fixURLs then resolves every URL attribute and applies
// the rules of its element.
func allowlist() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(formatting...)
	p.AllowAttrs("title").Globally()
	p.AllowAttrs("dir").Matching(direction).Globally()
	p.AllowAttrs("lang").Matching(language).Globally()

	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("src").OnElements("img", "audio", "video", "source", "track")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(bluemonday.NumberOrPercent).OnElements("img", "video")
	p.AllowAttrs("srcset").OnElements("img", "source")
	p.AllowAttrs("sizes").Matching(sizes).OnElements("img", "source")
	p.AllowAttrs("type").Matching(mediaType).OnElements("source")
	p.AllowAttrs("media").Matching(sizes).OnElements("source")
	p.AllowAttrs("poster").OnElements("video")
	p.AllowAttrs("controls", "loop", "muted").Matching(boolean).OnElements("audio", "video")
	p.AllowAttrs("preload").Matching(preload).OnElements("audio", "video")
	p.AllowAttrs("kind").Matching(trackKind).OnElements("track")
	p.AllowAttrs("srclang").Matching(language).OnElements("track")
	p.AllowAttrs("label").OnElements("track")
	p.AllowAttrs("cite").OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("datetime").Matching(bluemonday.ISO8601).OnElements("del", "ins", "time")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowAttrs("reversed").Matching(boolean).OnElements("ol")
	p.AllowAttrs("type").Matching(bluemonday.ListType).OnElements("ol", "ul", "li")
	p.AllowAttrs("value").Matching(bluemonday.Integer).OnElements("li")
	p.AllowAttrs("colspan", "rowspan").Matching(bluemonday.Integer).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(?i:row|col|rowgroup|colgroup)$`)).OnElements("th")
	p.AllowAttrs("span").Matching(bluemonday.Integer).OnElements("col", "colgroup")
	p.AllowAttrs("open").Matching(boolean).OnElements("details")

	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowDataURIImages()
	p.AllowRelativeURLs(true)
	// A link whose URL fixURLs removes stays as an inert <a>, so that a
	// second pass keeps it too.
	p.AllowNoAttrs().OnElements("a")

	// Content nobody reads as text: code, styles, vector drawings, form
	// widgets' option lists and templates.
	p.SkipElementsContent(skippedContent...)
	// object's content is the fallback a browser shows when it cannot
	// display the object, so it is kept like applet's. frame is void: as a
	// skipped element its missing end tag would swallow the rest.
	p.AllowElementsContent("object", "frame")
	return p
}

// skippedContent lists the elements whose content goes with them, beyond
// bluemonday's defaults (script, style, title, iframe, noscript, noembed,
// noframes, frameset, nostyle).
var skippedContent = []string{"svg", "template", "select", "textarea", "head", "xmp", "plaintext"}
