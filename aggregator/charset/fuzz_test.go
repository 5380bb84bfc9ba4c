package charset

import (
	"bytes"
	"testing"

	"github.com/feedloom/feedloom/internal/corpustest"
	"golang.org/x/text/encoding/charmap"
)

// FuzzToUTF8 checks that any body and Content-Type give XML-safe UTF-8
// without a panic, and that converting the result again changes nothing.
func FuzzToUTF8(f *testing.F) {
	f.Add([]byte(rss(decl("utf-8"), "Zażółć")), "")
	f.Add([]byte("\xEF\xBB\xBF<a>caf\xE9</a>"), "text/xml")
	f.Add([]byte("\xFF\xFE<\x00?\x00x\x00m\x00l\x00"), "")
	f.Add([]byte("\x00<\x00?\x00x\x00m\x00l\x00 "), "application/xml; charset=utf-16")
	f.Add([]byte("\x00\x00\x00<\x00\x00\x00r"), "")
	f.Add([]byte(`<?xml version="1.0" encoding="koi8-r"?><a>`+"\xf0\xd2\xc9"+`</a>`), "")
	f.Add([]byte(`<?xml version="1.0" encoding="shift_jis"?><a>`+"\x82\xa0\x82"+`</a>`), "")
	f.Add([]byte(`<?xml version = '1.1' encoding = "bogus"?>`), "text/xml; charset='windows-1251'")
	f.Add([]byte("<a>\x00\x01\u0085\uFFFE\xED\xA0\x80</a>"), "")
	if latin, err := charmap.ISO8859_1.NewEncoder().Bytes([]byte(rss(decl("ISO-8859-1"), "Café"))); err == nil {
		f.Add(latin, "text/xml; charset=utf-8")
	}
	for _, body := range corpustest.Seeds("parsers/feedparser/tests/encoding", 1, ".xml") {
		f.Add(body, "")
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		if got, want := clean(body), cleanReference(body); got != want {
			t.Fatalf("clean(%q) = %v, reference says %v", body, got, want)
		}
		orig := bytes.Clone(body)
		out, err := ToUTF8(body, contentType)
		if err != nil {
			t.Fatalf("ToUTF8: %v", err)
		}
		if !bytes.Equal(body, orig) {
			t.Fatal("ToUTF8 modified its input")
		}
		checkXMLSafe(t, out)
		again, err := ToUTF8(out, "")
		if err != nil {
			t.Fatalf("ToUTF8 of its own output: %v", err)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("not idempotent:\n first %q\nsecond %q", out, again)
		}
	})
}
