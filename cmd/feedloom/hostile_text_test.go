package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The payloads a plain-text field may carry, each with the words a reader
// should still see. In RSS they are written as most feeds write titles:
// escaped once (the title's text is markup); entity-escaped twice; in
// CDATA. In Atom type="text" and JSON Feed they are the field's text.
var hostilePayloads = []struct{ text, keep string }{
	{`<script>alert(1)</script>Harbour opens`, "Harbour opens"},
	{`Bridge <img src=x onerror=alert(1)> closed`, "Bridge"},
	{`<svg onload=alert(1)>Ferry late`, "Ferry late"},
	{`&lt;script&gt;alert(1)&lt;/script&gt;Storm warning`, "Storm warning"},
	{`<a href="javascript:alert(1)" onclick="alert(1)">Market</a> rises`, "Market rises"},
	{`<<b>iframe src=//evil>>Council vote`, "Council vote"},
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func hostileRSS(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>`)
	fmt.Fprintf(&b, `<title>%s</title><link>http://rss.test/</link><description>d</description>`, xmlEscape(hostilePayloads[0].text))
	for i, p := range hostilePayloads {
		// escaped once, twice, and in CDATA, one item each
		for j, enc := range []string{xmlEscape(p.text), xmlEscape(xmlEscape(p.text)), "<![CDATA[" + p.text + "]]>"} {
			fmt.Fprintf(&b, `<item><title>%[1]s</title><link>http://rss.test/%[2]d-%[3]d</link><guid>rss-%[2]d-%[3]d</guid>
<dc:creator>%[1]s</dc:creator><category>%[1]s</category><description>%[1]s</description></item>`, enc, i, j)
		}
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func hostileAtom() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">`)
	fmt.Fprintf(&b, `<title type="text">%s</title><id>urn:atom-test</id><updated>2026-06-01T00:00:00Z</updated>`, xmlEscape(hostilePayloads[1].text))
	for i, p := range hostilePayloads {
		for j, typ := range []string{"text", "html"} {
			fmt.Fprintf(&b, `<entry><title type="%[4]s">%[1]s</title><id>urn:atom-%[2]d-%[3]d</id><link href="http://atom.test/%[2]d-%[3]d"/>
<updated>2026-06-01T00:00:00Z</updated><author><name>%[1]s</name></author><category term="%[1]s"/><summary type="%[4]s">%[1]s</summary></entry>`,
				xmlEscape(p.text), i, j, typ)
		}
	}
	b.WriteString(`</feed>`)
	return b.String()
}

func hostileJSON() string {
	type author struct {
		Name string `json:"name"`
	}
	type item struct {
		ID      string   `json:"id"`
		URL     string   `json:"url"`
		Title   string   `json:"title"`
		Summary string   `json:"summary"`
		Content string   `json:"content_text"`
		Authors []author `json:"authors"`
		Tags    []string `json:"tags"`
	}
	doc := struct {
		Version string `json:"version"`
		Title   string `json:"title"`
		Items   []item `json:"items"`
	}{Version: "https://jsonfeed.org/version/1.1", Title: hostilePayloads[2].text}
	for i, p := range hostilePayloads {
		doc.Items = append(doc.Items, item{ID: fmt.Sprintf("json-%d", i), URL: fmt.Sprintf("http://json.test/%d", i),
			Title: p.text, Summary: p.text, Content: p.text, Authors: []author{{p.text}}, Tags: []string{p.text}})
	}
	out, _ := json.Marshal(doc)
	return string(out)
}

// htmlElements parses s the way a reader that renders a field as HTML
// does and returns the elements it finds (none, for a safe field).
func htmlElements(s string) []string {
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return []string{"unparsable: " + err.Error()}
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			out = append(out, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return out
}

// xmlTextFields returns, for every element of an XML document whose local
// name is in names (and every attribute in attrs), its decoded text: what a
// reader hands to its renderer.
func xmlTextFields(t *testing.T, data []byte, names, attrs map[string]bool) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	d := xml.NewDecoder(strings.NewReader(string(data)))
	var stack []string
	var text strings.Builder
	skipHTML := []bool{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tk.Name.Local)
			isHTML := false
			for _, a := range tk.Attr {
				if a.Name.Local == "type" && (a.Value == "html" || a.Value == "xhtml") {
					isHTML = true
				}
				if attrs[a.Name.Local] {
					out[tk.Name.Local+"@"+a.Name.Local] = append(out[tk.Name.Local+"@"+a.Name.Local], a.Value)
				}
			}
			skipHTML = append(skipHTML, isHTML)
			text.Reset()
		case xml.CharData:
			text.Write(tk)
		case xml.EndElement:
			name := stack[len(stack)-1]
			isHTML := skipHTML[len(skipHTML)-1]
			stack, skipHTML = stack[:len(stack)-1], skipHTML[:len(skipHTML)-1]
			if names[name] && !isHTML {
				out[name] = append(out[name], text.String())
			}
			text.Reset()
		}
	}
}

// TestPlainTextIsSafeUnderEveryReading serves hostile RSS, Atom and JSON
// Feed documents and checks every plain-text field of every output format
// the way an HTML-rendering reader reads it: decoded once, parsed as
// HTML, it must hold no element at all, and still the words a person
// should read. Refreshed twice, as a cron user would.
func TestPlainTextIsSafeUnderEveryReading(t *testing.T) {
	docs := map[string]string{"/rss.xml": hostileRSS(0), "/atom.xml": hostileAtom(), "/feed.json": hostileJSON()}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := docs[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	e := newE2E(t, fmt.Sprintf(`<outline text="Hostile">
<outline text="R" xmlUrl="%[1]s/rss.xml"/><outline text="A" xmlUrl="%[1]s/atom.xml"/><outline text="J" xmlUrl="%[1]s/feed.json"/>
</outline>`, srv.URL))
	for run := range 2 {
		if code, _, stderr := e.run("refresh", "--force"); code != exitOK {
			t.Fatalf("refresh %d = %d: %s", run+1, code, stderr)
		}
	}
	dir := filepath.Join(e.tmp, "out", "all")
	check := func(where, field string) {
		t.Helper()
		if els := htmlElements(field); len(els) > 0 {
			t.Errorf("%s %q reads as HTML with elements %v", where, field, els)
		}
	}
	seen := strings.Builder{}
	// RSS: titles, creators, categories, source names; Atom: text
	// constructs, names, category terms.
	for _, f := range []struct {
		file         string
		names, attrs map[string]bool
	}{
		{"rss.xml", map[string]bool{"title": true, "creator": true, "category": true, "source": true, "author": true, "via": true}, nil},
		{"atom.xml", map[string]bool{"title": true, "name": true, "summary": true, "subtitle": true}, map[string]bool{"term": true, "label": true, "title": true}},
	} {
		data, err := os.ReadFile(filepath.Join(dir, f.file))
		if err != nil {
			t.Fatal(err)
		}
		for name, values := range xmlTextFields(t, data, f.names, f.attrs) {
			for _, v := range values {
				check(f.file+" "+name, v)
				seen.WriteString(v + "\n")
			}
		}
	}
	// JSON Feed: every plain-text member.
	data, err := os.ReadFile(filepath.Join(dir, "feed.json"))
	if err != nil {
		t.Fatal(err)
	}
	var jf struct {
		Title string `json:"title"`
		Items []struct {
			Title   string   `json:"title"`
			Summary string   `json:"summary"`
			Tags    []string `json:"tags"`
			Authors []struct {
				Name string `json:"name"`
			} `json:"authors"`
			Feedloom struct {
				Source struct {
					Title string `json:"title"`
				} `json:"source"`
				Via []struct {
					Title string `json:"title"`
				} `json:"via"`
			} `json:"_feedloom"`
		} `json:"items"`
	}
	if err := json.Unmarshal(data, &jf); err != nil {
		t.Fatal(err)
	}
	check("feed.json title", jf.Title)
	for _, it := range jf.Items {
		fields := append([]string{it.Title, it.Summary, it.Feedloom.Source.Title}, it.Tags...)
		for _, a := range it.Authors {
			fields = append(fields, a.Name)
		}
		for _, v := range it.Feedloom.Via {
			fields = append(fields, v.Title)
		}
		for _, f := range fields {
			check("feed.json item", f)
			seen.WriteString(f + "\n")
		}
	}
	// The HTML pages (the output's and the site's index, which lists the
	// latest stories): no script element, no event handler, no javascript:.
	for _, name := range []string{filepath.Join(dir, "index.html"), filepath.Join(dir, "..", "index.html")} {
		checkPage(t, name)
	}
	// Still readable: the words survive.
	for _, p := range hostilePayloads {
		if !strings.Contains(seen.String(), p.keep) {
			t.Errorf("no output field reads %q", p.keep)
		}
	}
}

// checkPage fails on any element or attribute of an HTML page that runs
// script.
func checkPage(t *testing.T, name string) {
	t.Helper()
	page, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(string(page)))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.DataAtom == atom.Script || n.DataAtom == atom.Iframe || n.DataAtom == atom.Svg {
				t.Errorf("%s holds a <%s> element", name, n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") || strings.Contains(strings.ToLower(a.Val), "javascript:") {
					t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}
