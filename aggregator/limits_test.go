package aggregator_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"github.com/feedloom/feedloom/aggregator"
	"github.com/feedloom/feedloom/aggregator/parse"
)

// TestParserResolvesNoExternalEntities proves that a document cannot make
// feedloom read a file or request a URL: external entities, parameter
// entities and external DTDs are never resolved, and what they name
// never appears in an item or an output.
func TestParserResolvesNoExternalEntities(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, `<!ENTITY leak "NETWORK-SECRET">`)
	}))
	defer srv.Close()
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("FILE-SECRET"), 0o600); err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{
		"external entities": `<?xml version="1.0"?><!DOCTYPE rss [
			<!ENTITY net SYSTEM "` + srv.URL + `/entity">
			<!ENTITY file SYSTEM "file://` + secret + `">
			<!ENTITY pub PUBLIC "-//X//Y" "` + srv.URL + `/public">]>
			<rss version="2.0"><channel><title>t&net;</title><item><guid>1</guid><title>a &file; b &net; c &pub;</title>
			<description>&file;&net;</description></item></channel></rss>`,
		"parameter entity": `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY % remote SYSTEM "` + srv.URL + `/dtd"> %remote; ]>
			<feed xmlns="http://www.w3.org/2005/Atom"><title>&leak;</title><entry><id>1</id><title>x &leak;</title></entry></feed>`,
		"external DTD": `<?xml version="1.0" standalone="no"?><!DOCTYPE rss SYSTEM "` + srv.URL + `/rss.dtd">
			<rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>&leak;</title></item></channel></rss>`,
		"xinclude": `<rss version="2.0" xmlns:xi="http://www.w3.org/2001/XInclude"><channel><title>t</title><item><guid>1</guid>
			<title>x</title><description><xi:include href="file://` + secret + `" parse="text"/></description></item></channel></rss>`,
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			n, err := ingest([]byte(doc), "application/xml")
			if err != nil {
				return // refusing the document is safe too
			}
			rendered, err := renderAll(feedOf(n))
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range rendered {
				if s := string(d.doc); strings.Contains(s, "FILE-SECRET") || strings.Contains(s, "NETWORK-SECRET") {
					t.Errorf("%s: an external entity was resolved:\n%s", d.format, s)
				}
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("documents made %d requests to the test server", n)
	}
}

// TestParserBounds checks each bound of limits.go: a document beyond one
// is refused with a *ParseError saying why, or read with the excess cut
// and a warning saying so; never a crash or unbounded memory.
func TestParserBounds(t *testing.T) {
	rss := func(items string) []byte {
		return []byte(`<rss version="2.0"><channel><title>t</title>` + items + `</channel></rss>`)
	}
	t.Run("billion laughs", func(t *testing.T) {
		var dtd strings.Builder
		dtd.WriteString(`<!ENTITY l0 "lol">`)
		for i := 1; i <= 9; i++ {
			fmt.Fprintf(&dtd, `<!ENTITY l%d "%s">`, i, strings.Repeat(fmt.Sprintf("&l%d;", i-1), 10))
		}
		doc := `<?xml version="1.0"?><!DOCTYPE rss [` + dtd.String() + `]><rss version="2.0"><channel><title>&l9;</title>` +
			`<item><guid>1</guid><title>&l9;&l9;</title><description>&l9;</description></item></channel></rss>`
		n, err := ingest([]byte(doc), "")
		if err != nil {
			t.Fatalf("a document with unexpanded entities must still be read: %v", err)
		}
		if len(n.Items) != 1 {
			t.Fatalf("%d items, want 1", len(n.Items))
		}
		for _, it := range n.Items {
			if len(it.Title)+len(it.Content)+len(it.Summary) > 1000 {
				t.Errorf("entities were expanded: %d bytes of title", len(it.Title))
			}
		}
	})
	t.Run("nesting beyond MaxDepth", func(t *testing.T) {
		deep := strings.Repeat("<x:a>", 200_000) + strings.Repeat("</x:a>", 200_000)
		_, err := ingest(rss(`<item xmlns:x="urn:x"><guid>1</guid>`+deep+`</item>`), "")
		var pe *parse.ParseError
		if !errors.As(err, &pe) || !errors.Is(err, parse.ErrTooDeep) {
			t.Fatalf("err = %v, want a *ParseError wrapping ErrTooDeep", err)
		}
	})
	t.Run("json nesting", func(t *testing.T) {
		deep := strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
		_, err := ingest([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","x":`+deep+`}]}`), "")
		var pe *parse.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("err = %v, want a *ParseError", err)
		}
	})
	t.Run("nesting within MaxDepth", func(t *testing.T) {
		d := parse.MaxDepth - 10
		deep := strings.Repeat("<x:a>", d) + strings.Repeat("</x:a>", d)
		// CDATA, comments and quoted ">" do not count as levels.
		noise := strings.Repeat(`<!-- <a><b> --><![CDATA[<p><p><p>]]><x:b c="a>b"/>`, 5000)
		n, err := ingest(rss(`<item xmlns:x="urn:x"><guid>1</guid><title>ok</title>`+deep+noise+`</item>`), "")
		if err != nil || len(n.Items) != 1 {
			t.Fatalf("a document %d deep failed: %v", d, err)
		}
	})
	t.Run("document beyond MaxDocumentBytes", func(t *testing.T) {
		body := make([]byte, parse.MaxDocumentBytes+1)
		copy(body, "<rss>")
		for i := 5; i < len(body); i++ {
			body[i] = 'x'
		}
		_, err := ingest(body, "")
		if !errors.Is(err, parse.ErrTooLarge) {
			t.Fatalf("err = %v, want ErrTooLarge", err)
		}
	})
	t.Run("items beyond MaxDocumentItems", func(t *testing.T) {
		var b strings.Builder
		for i := range aggregator.MaxDocumentItems + 5 {
			fmt.Fprintf(&b, "<item><guid>%d</guid><title>i%d</title></item>", i, i)
		}
		n, err := ingest(rss(b.String()), "")
		if err != nil {
			t.Fatal(err)
		}
		if len(n.Items) != aggregator.MaxDocumentItems || n.Items[0].GUID != "0" {
			t.Fatalf("kept %d items starting with %q, want the first %d", len(n.Items), n.Items[0].GUID, aggregator.MaxDocumentItems)
		}
		wantWarning(t, n, "only the first 10000")
	})
	t.Run("authors beyond MaxAuthors", func(t *testing.T) {
		var b strings.Builder
		for i := range aggregator.MaxAuthors + 10 {
			fmt.Fprintf(&b, "<author><name>a%d %s</name></author>", i, strings.Repeat("n", 300))
		}
		n, err := ingest([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><title>t</title>`+b.String()+`</entry></feed>`), "")
		if err != nil {
			t.Fatal(err)
		}
		if got := len(n.Items[0].Authors); got != aggregator.MaxAuthors {
			t.Errorf("%d authors kept, want %d", got, aggregator.MaxAuthors)
		}
		if got := utf8.RuneCountInString(n.Items[0].Authors[0].Name); got != aggregator.MaxNameRunes+1 {
			t.Errorf("author name has %d runes, want %d", got, aggregator.MaxNameRunes+1)
		}
		wantWarning(t, n, "authors beyond 50")
		wantWarning(t, n, "author names cut to 200")
	})
	t.Run("fields beyond their bounds", func(t *testing.T) {
		var item strings.Builder
		item.WriteString("<item><guid>g" + strings.Repeat("g", 3000) + "</guid>")
		item.WriteString("<title>" + strings.Repeat("é", 5000) + "</title>")
		item.WriteString("<description>&lt;p&gt;" + strings.Repeat("word ", 300_000) + "&lt;/p&gt;</description>")
		item.WriteString("<link>https://example.com/" + strings.Repeat("a", 10_000) + "</link>")
		for i := range 150 {
			fmt.Fprintf(&item, "<category>c%d %s</category>", i, strings.Repeat("z", 300))
		}
		for i := range 60 {
			fmt.Fprintf(&item, `<enclosure url="https://example.com/%d.mp3" type="audio/mpeg" length="1"/>`, i)
			fmt.Fprintf(&item, `<dc:creator>author %d</dc:creator>`, i)
		}
		item.WriteString("</item>")
		doc := `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>` + strings.Repeat("T", 2000) + `</title>` + item.String() + `</channel></rss>`
		n, docs := pipeline(t, []byte(doc), "")
		it := n.Items[0]
		checks := []struct {
			what      string
			got, want int
		}{
			{"title runes", utf8.RuneCountInString(it.Title), aggregator.MaxTitleRunes + 1}, // + "…"
			{"feed title runes", utf8.RuneCountInString(n.Meta.Title), aggregator.MaxTitleRunes + 1},
			{"categories", len(it.Categories), aggregator.MaxCategories},
			{"category runes", utf8.RuneCountInString(it.Categories[0]), aggregator.MaxCategoryRunes + 1},
			{"enclosures", len(it.Enclosures), aggregator.MaxEnclosures},
			{"link bytes", len(it.Link), 0},
			{"guid bytes", len(it.GUID), aggregator.MaxGUIDBytes},
		}
		if len(it.Authors) > aggregator.MaxAuthors {
			t.Errorf("%d authors kept, want at most %d", len(it.Authors), aggregator.MaxAuthors)
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s = %d, want %d", c.what, c.got, c.want)
			}
		}
		if l := len(it.Summary) + len(it.Content); l > aggregator.MaxHTMLBytes || l < aggregator.MaxHTMLBytes/2 {
			t.Errorf("body is %d bytes, want the first MiB", l)
		}
		for _, w := range []string{"titles cut to 1000", "categories beyond 100", "categories cut to 200", "enclosures beyond 50", "URLs longer than", "GUIDs cut", "contents cut"} {
			wantWarning(t, n, w)
		}
		if len(docs) != 3 {
			t.Fatal("not rendered")
		}
	})
}

func wantWarning(t *testing.T, n *aggregator.Normalised, part string) {
	t.Helper()
	for _, w := range n.Warnings {
		if strings.Contains(w, part) {
			return
		}
	}
	t.Errorf("no warning containing %q in %q", part, n.Warnings)
}
