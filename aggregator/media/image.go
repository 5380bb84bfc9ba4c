package media

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// imageScanBytes bounds how much of an item's content is read for its
// first picture.
const imageScanBytes = 64 << 10

// ImageOf finds an item's picture when its feed names none directly
// (gofeed reads itunes:image, an image media:content and an image
// enclosure): a media:thumbnail, one inside a media:group (as YouTube's
// feeds have it), an image enclosure (Atom's rel="enclosure"), else the
// first <img> of the item's sanitised HTML
// fragments (content, then summary). Width and height are those the feed
// gives, 0 when unknown.
func ImageOf(gi *gofeed.Item, fragments []string, base *url.URL, clean Clean) (src string, width, height int) {
	media := gi.Extensions["media"]
	candidates := append([]ext.Extension{}, media["thumbnail"]...)
	for _, g := range media["group"] {
		candidates = append(candidates, g.Children["thumbnail"]...)
		for _, c := range g.Children["content"] {
			if strings.HasPrefix(c.Attrs["type"], "image/") || c.Attrs["medium"] == "image" {
				candidates = append(candidates, c)
			}
		}
	}
	for _, c := range candidates {
		if u := clean.URL(strings.TrimSpace(c.Attrs["url"]), base); u != "" {
			return u, dimension(c.Attrs["width"]), dimension(c.Attrs["height"])
		}
	}
	// An image enclosure (gofeed looks for one in RSS only).
	for _, e := range gi.Enclosures {
		if e != nil && strings.HasPrefix(e.Type, "image/") {
			if u := clean.URL(strings.TrimSpace(e.URL), base); u != "" {
				return u, 0, 0
			}
		}
	}
	for _, h := range fragments {
		if u, w, ht := firstImg(h); u != "" {
			return u, w, ht
		}
	}
	return "", 0, 0
}

// firstImg returns the src, width and height of the first <img> of
// sanitised HTML (whose URLs are absolute and vetted already).
func firstImg(h string) (string, int, int) {
	i := strings.Index(h, "<img")
	if i < 0 {
		return "", 0, 0
	}
	z := html.NewTokenizer(strings.NewReader(h[i:min(len(h), i+imageScanBytes)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return "", 0, 0
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.DataAtom != atom.Img {
				continue
			}
			var src string
			var w, ht int
			for _, a := range tok.Attr {
				switch a.Key {
				case "src":
					src = a.Val
				case "width":
					w = dimension(a.Val)
				case "height":
					ht = dimension(a.Val)
				}
			}
			if strings.HasPrefix(src, "https://") || strings.HasPrefix(src, "http://") {
				return src, w, ht
			}
		}
	}
}

// dimension reads a pixel size, or 0.
func dimension(s string) int {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), "px"))
	if err != nil || n <= 0 || n > 100_000 {
		return 0
	}
	return n
}
