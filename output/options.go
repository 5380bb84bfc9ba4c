package output

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Options configure rendering and publishing. The zero value is not
// usable: BaseURL is required, because every format carries absolute self
// links.
type Options struct {
	// BaseURL is the absolute URL where the output folder is hosted, such
	// as "https://example.org/news/". Self links, feed ids and the OPML of
	// outputs are built from it. A missing trailing "/" is added.
	BaseURL string
	// Generator names the program in every document, e.g.
	// "feedloom/1.0.0 (+https://github.com/feedloom/feedloom)".
	Generator string
	// WebSubHub is an optional WebSub hub URL. When set, every document
	// advertises it and Publish pings it for every changed document.
	WebSubHub string
	// KeepTracking publishes item links as the sources wrote them; by
	// default their tracking parameters (utm_*, fbclid, …: see
	// canon.IsTrackingParam) are dropped. Dedup and matching always see
	// the original link.
	KeepTracking bool
	// MaxAge is the Cache-Control max-age of objects published to a
	// bucket: how long a CDN or reader may keep them (the polling interval
	// is the natural choice).
	MaxAge time.Duration
	// Force makes PublishContent render and write even when the folder
	// holds a publish of the same content.
	Force bool
	// HTTPClient sends WebSub pings; nil means a client with no proxy
	// surprises beyond the environment's (http.DefaultTransport).
	HTTPClient *http.Client
	// PingTimeout bounds each WebSub ping; zero means 10 seconds.
	PingTimeout time.Duration
}

// defaultPingTimeout bounds a WebSub ping when Options.PingTimeout is zero:
// long enough for a slow hub, short enough that a dead one does not stall a
// cron run.
const defaultPingTimeout = 10 * time.Second

// The file names of an output's documents inside its folder. They are part
// of feedloom's public interface: subscribers' readers remember them.
const (
	rssFile  = "rss.xml"
	atomFile = "atom.xml"
	jsonFile = "feed.json"
	htmlFile = "index.html"
	// archiveFile lists an output's older items (see OutputLimits.ArchiveItems).
	archiveFile = "archive.html"
	opmlFile    = "outputs.opml"
)

// The media types of the three formats, used in autodiscovery links and
// self links.
const (
	rssType  = "application/rss+xml"
	atomType = "application/atom+xml"
	jsonType = "application/feed+json"
)

// baseURL checks o.BaseURL and returns it with a trailing slash.
func (o Options) baseURL() (string, error) {
	b := strings.TrimSpace(o.BaseURL)
	if b == "" {
		return "", fmt.Errorf("no base URL: set --base-url to the absolute URL where the output folder is hosted, e.g. https://example.org/feeds/")
	}
	u, err := url.Parse(b)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("base URL %q is not an absolute URL: set --base-url to e.g. https://example.org/feeds/", o.BaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("base URL %q has a query or fragment: set --base-url to the folder's URL only", o.BaseURL)
	}
	if !strings.HasSuffix(b, "/") {
		b += "/"
	}
	return b, nil
}

// hub returns the cleaned WebSub hub URL, or an error when one is set but
// unusable.
func (o Options) hub() (string, error) {
	h := strings.TrimSpace(o.WebSubHub)
	if h == "" {
		return "", nil
	}
	u, err := url.Parse(h)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("WebSub hub %q is not an absolute http(s) URL: fix --websub-hub or leave it empty", o.WebSubHub)
	}
	return h, nil
}
