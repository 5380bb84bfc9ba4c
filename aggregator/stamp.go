package aggregator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
)

// ContentStamp names everything the entries of a publish depend on: the
// store's change counter, every output, source and title of the
// collection, and the limits. Two selections with the same stamp give the
// same entries; output adds its own options and renderer version (see
// output.PublishContent). A selection that depends on the clock (MaxAge
// drops old entries as time passes) has no stamp: it returns "".
func ContentStamp(generation uint64, c *Collection, lim OutputLimits) string {
	h := sha256.New()
	w := func(format string, args ...any) { fmt.Fprintf(h, format, args...); io.WriteString(h, "\x00") }
	w("feedloom content v2 %d", generation)
	w("%q %q %q %q", c.Title, c.Owner.Name, c.Owner.Email, c.Owner.URI)
	for _, o := range c.Outputs() {
		ol := c.Limits(o, lim)
		if ol.MaxAge > 0 {
			return ""
		}
		w("%q %q %q %q %q %d %d", o.Kind, o.Name, o.Slug, o.Description, o.Query, ol.MaxItems, ol.ArchiveItems)
	}
	for _, s := range c.Sources {
		w("%q %q %q %q", s.URL, s.Title, s.SiteURL, s.Categories)
	}
	for _, t := range c.Topics {
		w("%q %q %d", t.Slug, t.Scope, c.TopicKey(&t))
	}
	return hex.EncodeToString(h.Sum(nil))
}
