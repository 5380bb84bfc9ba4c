package sanitize

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	nethtml "golang.org/x/net/html"
)

// TestFeedparserSanitizeCorpus runs every case of feedparser's
// wellformed/sanitize suite through gofeed and HTML: no field may keep a
// dangerous construct, output must be XML-safe and stable, and the text and
// URLs the case's Expect line keeps must survive.
func TestFeedparserSanitizeCorpus(t *testing.T) {
	dir := corpusDir(t, "parsers", "feedparser", "tests", "wellformed", "sanitize")
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in %s: %v", dir, err)
	}
	p := New()
	var hostile, textChecked, urlsOnly, removalOnly, raw int
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			base, _ := url.Parse("http://feed.example/sanitize/")
			if m := xmlBase.FindSubmatch(body); m != nil {
				base, _ = url.Parse(string(m[1]))
			}
			for _, field := range htmlFields(feed) {
				checkSanitized(t, p, field, base)
			}
			for _, link := range links(feed) {
				if got := URL(link, base); got != "" && !strings.HasPrefix(got, "http://") && !strings.HasPrefix(got, "https://") {
					t.Errorf("URL(%q) = %q", link, got)
				}
			}

			m := expectLine.FindSubmatch(body)
			if m == nil {
				t.Fatal("no Expect line")
			}
			fm := expectField.FindStringSubmatch(string(m[1]))
			if fm == nil {
				removalOnly++ // "not bozo" alone: every field was checked above.
				return
			}
			value := expectedField(feed, fm[1])
			if value == "" {
				// gofeed does not expose this element (Atom 0.3 info, RSS
				// body, fullitem, xhtml:body), so it never reaches a
				// feedloom output; sanitise its raw payload anyway.
				value = rawPayload(t, body, fm[1])
				raw++
			}
			if decoded, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(value), "")); err == nil && strings.Contains(name, "base64") {
				value = string(decoded)
			}
			if len(Dangerous(value)) > 0 {
				hostile++
			}
			out := checkSanitized(t, p, value, base)

			expected, ok := pythonStrings(fm[2])
			if !ok {
				t.Fatalf("cannot read the expected value in %q", m[1])
			}
			want := Text(p.HTML(expected, base))
			if text, ok := textDeviations[name]; ok {
				want = text
			}
			urls := attributeURLs(expected)
			kept := attributeURLs(out)
			for _, u := range urls {
				if !slices.Contains(kept, u) {
					t.Errorf("URL %q was lost: %q", u, out)
				}
			}
			if want == "" {
				if len(urls) > 0 {
					urlsOnly++
				} else {
					removalOnly++
				}
				return
			}
			if got := Text(out); got != want {
				t.Errorf("text = %q, want %q\nin:  %q\nout: %q", got, want, value, out)
			}
			textChecked++
		})
	}
	t.Logf("%d cases, %d with a dangerous construct in the expected field: nothing dangerous left in any field; "+
		"harmless text asserted in %d, URL survival only (no text expected) in %d, removal only in %d; "+
		"%d fields gofeed does not expose were read from the raw XML",
		len(files), hostile, textChecked, urlsOnly, removalOnly, raw)
}

// checkSanitized sanitises s and fails the test if anything dangerous is
// left, if the output is not XML-safe, or if sanitising it again changes it.
func checkSanitized(t *testing.T, p *Policy, s string, base *url.URL) string {
	t.Helper()
	out := p.HTML(s, base)
	if found := Dangerous(out); len(found) > 0 {
		t.Errorf("dangerous after sanitising: %q\nin:  %q\nout: %q", found, s, out)
	}
	if err := xmlSafeError(out); err != "" {
		t.Errorf("output not XML-safe (%s): %q", err, out)
	}
	if again := p.HTML(out, base); again != out {
		t.Errorf("not idempotent:\nonce:  %q\ntwice: %q", out, again)
	}
	return out
}

// xmlSafeError describes why s cannot be embedded in XML 1.0 as HTML
// reaches it, or is "": invalid UTF-8 or a control character other than
// tab, newline and carriage return.
func xmlSafeError(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7F && r <= 0x9F) || r == 0xFFFE || r == 0xFFFF {
			return fmt.Sprintf("control character %U", r)
		}
	}
	return ""
}

// htmlFields returns every field of feed that the normaliser sanitises.
func htmlFields(feed *gofeed.Feed) []string {
	fields := []string{feed.Title, feed.Description, feed.Copyright}
	for _, item := range feed.Items {
		fields = append(fields, item.Title, item.Description, item.Content)
	}
	return fields
}

// links returns every URL of feed that the normaliser passes through URL.
func links(feed *gofeed.Feed) []string {
	urls := append([]string{feed.Link, feed.FeedLink}, feed.Links...)
	if feed.Image != nil {
		urls = append(urls, feed.Image.URL)
	}
	for _, item := range feed.Items {
		urls = append(urls, item.Link)
		urls = append(urls, item.Links...)
		if item.Image != nil {
			urls = append(urls, item.Image.URL)
		}
		for _, e := range item.Enclosures {
			urls = append(urls, e.URL)
		}
	}
	return urls
}

// expectedField returns the gofeed value feedparser's field name refers to.
func expectedField(feed *gofeed.Feed, field string) string {
	item := &gofeed.Item{}
	if len(feed.Items) > 0 {
		item = feed.Items[0]
	}
	switch field {
	case "entries[0]['description']", "entries[0]['summary']":
		return cmpOr(item.Description, item.Content)
	case "entries[0]['content'][0]['value']":
		return cmpOr(item.Content, item.Description)
	case "entries[0]['title']":
		return item.Title
	case "feed['title']":
		return feed.Title
	case "feed['copyright']":
		return feed.Copyright
	default: // tagline, subtitle, info, description
		return feed.Description
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// rawPayload returns the content of the element feedparser reads for
// field, straight from the XML: character data as the HTML it encodes,
// or child elements re-serialised when the content is inline XHTML.
func rawPayload(t *testing.T, body []byte, field string) string {
	t.Helper()
	names := []string{"info"}
	if strings.HasPrefix(field, "entries") {
		names = []string{"body", "fullitem"}
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	depth := 0
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("no %v element for %s: %v", names, field, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth > 0 {
				depth++
				b.WriteString("<" + tok.Name.Local)
				for _, a := range tok.Attr {
					b.WriteString(" " + a.Name.Local + `="` + html.EscapeString(a.Value) + `"`)
				}
				b.WriteString(">")
			} else if slices.Contains(names, tok.Name.Local) {
				depth = 1
			}
		case xml.EndElement:
			if depth == 1 {
				return b.String()
			}
			if depth > 1 {
				depth--
				b.WriteString("</" + tok.Name.Local + ">")
			}
		case xml.CharData:
			if depth > 0 {
				b.Write(tok)
			}
		}
	}
}

// attributeURLs returns the href, src and poster values in s.
func attributeURLs(s string) []string {
	var urls []string
	z := nethtml.NewTokenizer(strings.NewReader(s))
	for tt := z.Next(); tt != nethtml.ErrorToken; tt = z.Next() {
		if tt != nethtml.StartTagToken && tt != nethtml.SelfClosingTagToken {
			continue
		}
		for _, a := range z.Token().Attr {
			if (a.Key == "href" || a.Key == "src" || a.Key == "poster") && a.Val != "" {
				urls = append(urls, a.Val)
			}
		}
	}
	return urls
}
