package parse

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// Interval is the poll interval a feed document asks for, or 0: the
// larger of RSS 2.0 <ttl> (minutes) and the syndication module's
// sy:updatePeriod divided by sy:updateFrequency (RSS 1.0, RSS 2.0, Atom).
func Interval(doc *gofeed.Feed, body []byte) time.Duration {
	return max(rssTTL(body), syInterval(doc))
}

// ttlPattern matches an RSS <ttl> element; its value is minutes.
var ttlPattern = regexp.MustCompile(`<ttl>\s*([0-9]{1,7})\s*</ttl>`)

// rssTTL reads the channel's <ttl>. gofeed parses it but drops it when it
// translates to its universal Feed, so it is read from the body: in the
// channel's own elements, before the first item or after the last one.
func rssTTL(body []byte) time.Duration {
	head, tail := body, []byte(nil)
	if i := bytes.Index(body, []byte("<item")); i >= 0 {
		head = body[:i]
		if j := bytes.LastIndex(body, []byte("</item>")); j >= i {
			tail = body[j:]
		}
	}
	for _, part := range [][]byte{head, tail} {
		if m := ttlPattern.FindSubmatch(part); m != nil {
			n, _ := strconv.Atoi(string(m[1]))
			return time.Duration(n) * time.Minute
		}
	}
	return 0
}

// syPeriods are the values of sy:updatePeriod.
var syPeriods = map[string]time.Duration{
	"hourly":  time.Hour,
	"daily":   24 * time.Hour,
	"weekly":  7 * 24 * time.Hour,
	"monthly": 30 * 24 * time.Hour,
	"yearly":  365 * 24 * time.Hour,
}

// syInterval reads the RSS syndication module: the feed updates
// updateFrequency times per updatePeriod (defaults: daily, once).
func syInterval(doc *gofeed.Feed) time.Duration {
	if doc == nil {
		return 0
	}
	sy := doc.Extensions["sy"]
	if sy == nil {
		return 0
	}
	value := func(name string) string {
		if v := sy[name]; len(v) > 0 {
			return strings.ToLower(strings.TrimSpace(v[0].Value))
		}
		return ""
	}
	period, freq := value("updatePeriod"), value("updateFrequency")
	if period == "" && freq == "" {
		return 0
	}
	p, ok := syPeriods[period]
	if !ok {
		p = syPeriods["daily"]
	}
	n, err := strconv.Atoi(freq)
	if err != nil || n < 1 {
		n = 1
	}
	return p / time.Duration(n)
}
