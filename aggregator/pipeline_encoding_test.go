package aggregator_test

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// TestPipelineEncodings sends documents in the legacy and 16-bit encodings
// through the pipeline, declared correctly, by HTTP only, wrongly
// declared but correctly served, and not declared at all where the bytes
// tell: the published title must be the intended UTF-8 text in every
// format.
func TestPipelineEncodings(t *testing.T) {
	type enc struct {
		label string
		e     encoding.Encoding
		text  string
	}
	encs := []enc{
		{"UTF-16LE", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "Привет, café — 東京"},
		{"UTF-16BE", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "Привет, café — 東京"},
		{"ISO-8859-1", charmap.ISO8859_1, "Café crème à Noël"},
		{"ISO-8859-2", charmap.ISO8859_2, "Zażółć gęślą jaźń"},
		{"ISO-8859-5", charmap.ISO8859_5, "Съешь же ещё"},
		{"ISO-8859-7", charmap.ISO8859_7, "Καλημέρα κόσμε"},
		{"ISO-8859-15", charmap.ISO8859_15, "Prix 10 € œuvre"},
		{"windows-1250", charmap.Windows1250, "Příliš žluťoučký kůň"},
		{"windows-1251", charmap.Windows1251, "Украина и мир"},
		{"windows-1252", charmap.Windows1252, "“Smart” quotes — café…"},
		{"windows-1253", charmap.Windows1253, "Ελληνικά νέα"},
		{"windows-1254", charmap.Windows1254, "Türkçe ğüşıöç"},
		{"KOI8-R", charmap.KOI8R, "Новости дня"},
	}
	doc := func(decl, title string) string {
		d := `<rss version="2.0"><channel><title>` + title + `</title><item><guid>1</guid><title>` + title + `</title><description>&lt;p&gt;` + title + `&lt;/p&gt;</description></item></channel></rss>`
		if decl != "" {
			d = `<?xml version="1.0" encoding="` + decl + `"?>` + d
		}
		return d
	}
	for _, e := range encs {
		sixteen := strings.HasPrefix(e.label, "UTF-16")
		wrong := "ISO-8859-1"
		if e.label == "ISO-8859-1" || e.label == "windows-1252" || sixteen {
			wrong = "KOI8-R"
		}
		cases := []struct{ name, decl, contentType string }{
			{"declared", e.label, ""},
			{"declared, served as text/xml", e.label, "text/xml"},
			{"HTTP charset only", "", "application/rss+xml; charset=" + e.label},
			{"wrong declaration, right HTTP charset", wrong, "application/xml; charset=" + e.label},
		}
		if sixteen {
			cases = append(cases,
				struct{ name, decl, contentType string }{"no declaration, no BOM", "", ""},
				struct{ name, decl, contentType string }{"BOM, no declaration", "", "bom"},
				struct{ name, decl, contentType string }{"BOM, declared as UTF-16", "UTF-16", "bom"},
			)
		}
		for _, c := range cases {
			t.Run(e.label+"/"+c.name, func(t *testing.T) {
				body, err := e.e.NewEncoder().String(doc(c.decl, e.text))
				if err != nil {
					t.Fatal(err)
				}
				ct := c.contentType
				if ct == "bom" {
					ct = ""
					bom, _ := e.e.NewEncoder().String("\uFEFF")
					body = bom + body
				}
				n, docs := pipeline(t, []byte(body), ct)
				if n.Meta.Title != e.text {
					t.Errorf("feed title = %q, want %q", n.Meta.Title, e.text)
				}
				for _, d := range docs {
					if !slices.Contains(d.fields.Text, e.text) {
						t.Errorf("%s: title %q not published; text fields %q", d.format, e.text, d.fields.Text)
					}
				}
			})
		}
	}
}

// TestPipelineInvalidBytes checks that bytes no encoding accepts, and
// characters XML forbids, never reach an output: each is replaced or
// dropped, and every output stays well-formed.
func TestPipelineInvalidBytes(t *testing.T) {
	tests := []struct{ name, body, contentType, want string }{
		{"latin-1 bytes in declared UTF-8", "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><item><guid>1</guid><title>caf\xe9 cr\xe8me</title></item></channel></rss>", "", "café crème"},
		{"truncated UTF-8 sequence", "<rss><channel><item><guid>1</guid><title>a\xe2\x82 b\xc3</title></item></channel></rss>", "text/xml; charset=utf-8", "a\u00e2\u201a b\u00c3"},
		{"control characters", "<rss><channel><item><guid>1</guid><title>a\x01b\x0bc&#x1;d&#11;e&#65534;</title></item></channel></rss>", "", "abcde"},
		{"UTF-8 BOM then invalid bytes", "\xef\xbb\xbf<rss><channel><item><guid>1</guid><title>x\xff\xfey</title></item></channel></rss>", "", "x\uFFFD\uFFFDy"},
		{"lone surrogate as a character reference", "<rss><channel><item><guid>1</guid><title>a&#xD800;b</title><description>&amp;#xD800;</description></item></channel></rss>", "", ""},
		{"UTF-16 with an odd byte", "\xff\xfe<\x00r\x00s\x00s\x00>\x00<\x00c\x00h\x00a\x00n\x00n\x00e\x00l\x00>\x00<\x00i\x00t\x00e\x00m\x00>\x00<\x00g\x00u\x00i\x00d\x00>\x001\x00<\x00/\x00g\x00u\x00i\x00d\x00>\x00<\x00t\x00i\x00t\x00l\x00e\x00>\x00\x00\xd8<\x00/\x00t\x00i\x00t\x00l\x00e\x00>\x00<\x00/\x00i\x00t\x00e\x00m\x00>\x00<\x00/\x00c\x00h\x00a\x00n\x00n\x00e\x00l\x00>\x00<\x00/\x00r\x00s\x00s\x00>\x00", "", "\uFFFD"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := ingest([]byte(tc.body), tc.contentType)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			docs, err := renderAll(feedOf(n))
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range docs {
				if p := d.fields.Problems(); len(p) > 0 {
					t.Errorf("%s: %q", d.format, p)
				}
			}
			if tc.want != "" && (len(n.Items) == 0 || n.Items[0].Title != tc.want) {
				t.Errorf("title = %q, want %q", titleOf(n.Items), tc.want)
			}
		})
	}
}
