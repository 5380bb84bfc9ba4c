package charset

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// rss returns a minimal RSS document with the given declaration and title.
func rss(declaration, title string) string {
	return declaration + "<rss version=\"2.0\"><channel><title>" + title + "</title></channel></rss>"
}

// decl returns an XML declaration naming label, or none for "".
func decl(label string) string {
	if label == "" {
		return ""
	}
	return `<?xml version="1.0" encoding="` + label + `"?>` + "\n"
}

// encode encodes s with enc, failing the test if it cannot.
func encode(t testing.TB, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

var (
	utf16LE = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	utf16BE = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	utf32LE = utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM)
	utf32BE = utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM)
)

func TestToUTF8Encodings(t *testing.T) {
	bom := func(b ...byte) []byte { return b }
	tests := []struct {
		name        string
		body        func(t testing.TB) []byte
		contentType string
		wantTitle   string
		wantFrom    origin
	}{
		{"utf-8 undeclared", func(t testing.TB) []byte { return []byte(rss("", "Zażółć — ünïcode")) }, "", "Zażółć — ünïcode", fromDefault},
		{"utf-8 bom", func(t testing.TB) []byte { return append(bom(0xEF, 0xBB, 0xBF), rss(decl("utf-8"), "Café")...) }, "", "Café", fromBOM},
		{"utf-16le bom", func(t testing.TB) []byte {
			return append(bom(0xFF, 0xFE), encode(t, utf16LE, rss(decl("utf-16"), "日本 Ёж"))...)
		}, "", "日本 Ёж", fromBOM},
		{"utf-16be bom", func(t testing.TB) []byte {
			return append(bom(0xFE, 0xFF), encode(t, utf16BE, rss(decl("UTF-16"), "日本 Ёж"))...)
		}, "", "日本 Ёж", fromBOM},
		{"utf-16le no bom", func(t testing.TB) []byte { return encode(t, utf16LE, rss(decl("utf-16"), "Ωμέγα")) }, "", "Ωμέγα", fromPattern},
		{"utf-16be no bom", func(t testing.TB) []byte { return encode(t, utf16BE, rss(decl("utf-16"), "Ωμέγα")) }, "", "Ωμέγα", fromPattern},
		{"utf-16le no bom no declaration", func(t testing.TB) []byte { return encode(t, utf16LE, rss("", "Ωμέγα")) }, "", "Ωμέγα", fromPattern},
		{"utf-16be against an 8-bit http charset", func(t testing.TB) []byte { return encode(t, utf16BE, rss(decl("utf-16"), "Ωμέγα")) }, "text/xml; charset=iso-8859-1", "Ωμέγα", fromPattern},
		{"utf-32le bom", func(t testing.TB) []byte {
			return append(bom(0xFF, 0xFE, 0, 0), encode(t, utf32LE, rss(decl("utf-32"), "𝄞 clef"))...)
		}, "", "𝄞 clef", fromBOM},
		{"utf-32be no bom", func(t testing.TB) []byte { return encode(t, utf32BE, rss(decl("utf-32"), "𝄞 clef")) }, "", "𝄞 clef", fromPattern},
		{"iso-8859-1 declared", func(t testing.TB) []byte { return encode(t, charmap.ISO8859_1, rss(decl("ISO-8859-1"), "Café Über")) }, "", "Café Über", fromDeclaration},
		{"iso-8859-2 declared", func(t testing.TB) []byte {
			return encode(t, charmap.ISO8859_2, rss(decl("iso-8859-2"), "Zażółć gęślą jaźń"))
		}, "", "Zażółć gęślą jaźń", fromDeclaration},
		{"iso-8859-5 declared", func(t testing.TB) []byte {
			return encode(t, charmap.ISO8859_5, rss(decl("iso-8859-5"), "Война и мир"))
		}, "", "Война и мир", fromDeclaration},
		{"iso-8859-7 declared", func(t testing.TB) []byte {
			return encode(t, charmap.ISO8859_7, rss(decl("ISO-8859-7"), "Ελληνικά"))
		}, "", "Ελληνικά", fromDeclaration},
		{"iso-8859-15 declared", func(t testing.TB) []byte {
			return encode(t, charmap.ISO8859_15, rss(decl("ISO-8859-15"), "Prix 5 €"))
		}, "", "Prix 5 €", fromDeclaration},
		{"windows-1250 declared", func(t testing.TB) []byte {
			return encode(t, charmap.Windows1250, rss(decl("windows-1250"), "Příliš žluťoučký kůň"))
		}, "", "Příliš žluťoučký kůň", fromDeclaration},
		{"windows-1251 declared", func(t testing.TB) []byte {
			return encode(t, charmap.Windows1251, rss(decl("windows-1251"), "Привет, мир"))
		}, "", "Привет, мир", fromDeclaration},
		{"windows-1252 declared", func(t testing.TB) []byte {
			return encode(t, charmap.Windows1252, rss(decl("windows-1252"), "“Quotes” – 5 €"))
		}, "", "“Quotes” – 5 €", fromDeclaration},
		{"koi8-r declared", func(t testing.TB) []byte {
			return encode(t, charmap.KOI8R, rss(decl("KOI8-R"), "Ёжик в тумане"))
		}, "", "Ёжик в тумане", fromDeclaration},
		{"koi8-r from http only", func(t testing.TB) []byte { return encode(t, charmap.KOI8R, rss("", "Ёжик в тумане")) }, "application/rss+xml; charset=koi8-r", "Ёжик в тумане", fromHTTP},
		{"shift_jis declared", func(t testing.TB) []byte {
			return encode(t, japanese.ShiftJIS, rss(decl("Shift_JIS"), "日本語のニュース"))
		}, "", "日本語のニュース", fromDeclaration},
		{"euc-kr declared", func(t testing.TB) []byte { return encode(t, korean.EUCKR, rss(decl("euc-kr"), "한국어 뉴스")) }, "", "한국어 뉴스", fromDeclaration},
		{"http charset overrides declaration", func(t testing.TB) []byte {
			return encode(t, charmap.Windows1251, rss(decl("iso-8859-1"), "Новости"))
		}, "text/xml; charset=windows-1251", "Новости", fromHTTP},
		{"quoted http charset", func(t testing.TB) []byte { return encode(t, charmap.Windows1251, rss("", "Новости")) }, "application/xml;charset= 'windows-1251'", "Новости", fromHTTP},
		{"malformed http charset ignored", func(t testing.TB) []byte {
			return encode(t, charmap.Windows1251, rss(decl("windows-1251"), "Новости"))
		}, "text/xml; charset:koi8-r", "Новости", fromDeclaration},
		{"unknown http charset ignored", func(t testing.TB) []byte { return encode(t, charmap.KOI8R, rss(decl("koi8-r"), "Новости")) }, "text/xml; charset=x-bogus", "Новости", fromDeclaration},
		{"utf-8 http charset on windows-1251 bytes", func(t testing.TB) []byte {
			return encode(t, charmap.Windows1251, rss(decl("windows-1251"), "Новости"))
		}, "text/xml; charset=utf-8", "Новости", fromDeclaration},
		{"declared utf-8 but latin-1 bytes", func(t testing.TB) []byte { return encode(t, charmap.ISO8859_1, rss(decl("utf-8"), "Café Über")) }, "", "Café Über", fromDeclaration},
		{"undeclared latin-1", func(t testing.TB) []byte { return encode(t, charmap.ISO8859_1, rss("", "Café Über")) }, "", "Café Über", fromDefault},
		{"undeclared windows-1252 smart quotes", func(t testing.TB) []byte { return encode(t, charmap.Windows1252, rss("", "don’t")) }, "", "don’t", fromDefault},
		{"latin-1 label on utf-8 bytes", func(t testing.TB) []byte { return []byte(rss(decl("ISO-8859-1"), "Café 테스트")) }, "text/xml; charset=ISO-8859-1", "Café 테스트", fromContent},
		{"us-ascii label on a high byte", func(t testing.TB) []byte { return encode(t, charmap.Windows1252, rss(decl("us-ascii"), "£5")) }, "", "£5", fromDeclaration},
		{"utf-16 label on 8-bit bytes", func(t testing.TB) []byte { return []byte(rss(decl("utf-16"), "plain")) }, "", "plain", fromDefault},
		{"replacement label ignored", func(t testing.TB) []byte { return []byte(rss(decl("iso-2022-kr"), "plain")) }, "text/xml; charset=hz-gb-2312", "plain", fromDefault},
		{"unknown declared label", func(t testing.TB) []byte { return []byte(rss(decl("x-no-such-charset"), "Café")) }, "", "Café", fromDefault},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body(t)
			if got := detect(body, tt.contentType).from; got != tt.wantFrom {
				t.Errorf("decided from %q, want %q", got, tt.wantFrom)
			}
			out, err := ToUTF8(body, tt.contentType)
			if err != nil {
				t.Fatalf("ToUTF8: %v", err)
			}
			checkXMLSafe(t, out)
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("gofeed cannot parse the result: %v\n%s", err, out)
			}
			if feed.Title != tt.wantTitle {
				t.Errorf("title = %q, want %q", feed.Title, tt.wantTitle)
			}
		})
	}
}

// checkXMLSafe fails the test unless b is valid UTF-8 of XML 1.0
// characters without C1 controls.
func checkXMLSafe(t testing.TB, b []byte) {
	t.Helper()
	if !utf8.Valid(b) {
		t.Fatalf("output is not valid UTF-8: %q", b)
	}
	for i, r := range string(b) {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x80 && r <= 0x9F) || r == 0xFFFE || r == 0xFFFF {
			t.Fatalf("output holds %U at byte %d: %q", r, i, b)
		}
	}
}

func TestToUTF8Bytes(t *testing.T) {
	tests := []struct {
		name        string
		body        string
		contentType string
		want        string
	}{
		{"clean utf-8 unchanged", "<a>Zażółć</a>", "", "<a>Zażółć</a>"},
		{"bom removed", "\xEF\xBB\xBF<a/>", "", "<a/>"},
		{"repeated bom removed", "\xEF\xBB\xBF\uFEFF<a/>", "", "<a/>"},
		{"bom behind a dropped control removed", "\x1a\uFEFF<a/>", "", "<a/>"},
		{"utf-8 bom makes invalid bytes U+FFFD", "\xEF\xBB\xBF<a>caf\xE9</a>", "", "<a>caf\uFFFD</a>"},
		{"invalid bytes read as windows-1252", "<a>caf\xE9 \x93q\x94</a>", "", "<a>café “q”</a>"},
		{"valid sequences kept beside invalid bytes", "<a>é\xE9</a>", "", "<a>éé</a>"},
		{"truncated sequence", "<a>\xE2\x80</a>", "", "<a>â€</a>"},
		{"encoded surrogate", "<a>\xED\xA0\x80</a>", "", "<a>í\u00a0€</a>"},
		{"c0 controls dropped", "<a>x\x00\x01\x08\x0B\x0C\x1By\t\n\r</a>", "", "<a>xy\t\n\r</a>"},
		{"c1 controls demoronized", "<a>don\u0092t \u0085 \u0081</a>", "", "<a>don’t … </a>"},
		{"undefined windows-1252 byte", "<a>x\x81</a>", "", "<a>x\uFFFD</a>"},
		{"noncharacters dropped", "<a>x\uFFFEy\uFFFF</a>", "", "<a>xy</a>"},
		{"replacement character kept", "<a>\uFFFD</a>", "", "<a>\uFFFD</a>"},
		{"declaration rewritten", `<?xml version="1.0" encoding="iso-8859-1"?><a>caf` + "\xE9</a>", "", `<?xml version="1.0" encoding="UTF-8"?><a>café</a>`},
		{"declaration with spaces rewritten", `<?xml version = '1.0' encoding = 'koi8-r' ?><a/>`, "", `<?xml version="1.0" encoding="UTF-8"?><a/>`},
		{"utf-8 declaration kept", `<?xml version="1.0" encoding="utf-8" standalone="yes"?><a/>`, "", `<?xml version="1.0" encoding="utf-8" standalone="yes"?><a/>`},
		{"xml 1.1 declaration rewritten", `<?xml version="1.1"?><a/>`, "", `<?xml version="1.0" encoding="UTF-8"?><a/>`},
		{"every encoding= seen by encoding/xml", `<?xml version="1.0" encoding ="utf-8" xencoding="bogus"?><a/>`, "", `<?xml version="1.0" encoding="UTF-8"?><a/>`},
		{"whitespace before declaration", "\n  <?xml version=\"1.0\"?><a/>", "", `<?xml version="1.0"?><a/>`},
		{"whitespace kept without declaration", "\n <a/>", "", "\n <a/>"},
		{"json feed in utf-16le", "\xFF\xFE{\x00}\x00", "application/feed+json", "{}"},
		{"empty", "", "", ""},
		{"short", "<", "", "<"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ToUTF8([]byte(tt.body), tt.contentType)
			if err != nil {
				t.Fatalf("ToUTF8: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("ToUTF8(%q) = %q, want %q", tt.body, got, tt.want)
			}
			checkXMLSafe(t, got)
		})
	}
}

func TestToUTF8DoesNotCopyCleanUTF8(t *testing.T) {
	body := []byte(strings.Repeat(rss(decl("UTF-8"), "Zażółć gęślą jaźń\t\n"), 100))
	for _, contentType := range []string{"", "application/rss+xml; charset=utf-8", "text/xml"} {
		got, err := ToUTF8(body, contentType)
		if err != nil {
			t.Fatalf("ToUTF8: %v", err)
		}
		if &got[0] != &body[0] || len(got) != len(body) {
			t.Errorf("content type %q: clean UTF-8 was copied", contentType)
		}
	}
	withBOM := append([]byte{0xEF, 0xBB, 0xBF}, body...)
	got, err := ToUTF8(withBOM, "")
	if err != nil {
		t.Fatalf("ToUTF8: %v", err)
	}
	if &got[0] != &withBOM[3] {
		t.Error("clean UTF-8 after a byte order mark was copied")
	}
}

func TestContentTypeCharset(t *testing.T) {
	tests := map[string]string{
		"":                                        "",
		"text/xml":                                "",
		"text/xml;":                               "",
		"text/xml; charset=utf-8":                 "utf-8",
		"text/xml;charset = us-ascii":             "us-ascii",
		`application/rss+xml;charset= "KOI8-R"`:   "KOI8-R",
		"application/atom+xml;charset='gb2312'":   "gb2312",
		"text/xml; charset:iso-8859-1":            "",
		"text/xml; qs=0.9":                        "",
		"text/xml; format=flowed; Charset=cp1251": "cp1251",
	}
	for in, want := range tests {
		if got := contentTypeCharset(in); got != want {
			t.Errorf("contentTypeCharset(%q) = %q, want %q", in, got, want)
		}
	}
}
