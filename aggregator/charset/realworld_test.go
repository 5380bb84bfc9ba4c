package charset

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/feedloom/feedloom/internal/corpustest"
)

// TestRealworldEncodings checks real documents in legacy or mislabelled
// encodings for words a reader must see.
func TestRealworldEncodings(t *testing.T) {
	dir := corpustest.Dir(t, "realworld")
	tests := []struct {
		path   string
		isFeed bool
		words  []string
	}{
		{"miniflux-v2/internal/reader/parser/testdata/no_encoding_ISO-8859-1.xml", true, []string{"d'études", "à l'origine"}},
		{"miniflux-v2/internal/reader/parser/testdata/encoding_WINDOWS-1251.xml", true, []string{"Новый цитатник Рунета", "Цитата #17703"}},
		{"miniflux-v2/internal/reader/parser/testdata/encoding_ISO-8859-1.xml", true, []string{"Viele Spieler wünschen sich"}},
		{"miniflux-v2/internal/reader/xml/testdata/koi8r.xml", true, []string{"Пример RSS ленты", "Ёжик, чай"}},
		{"miniflux-v2/internal/reader/encoding/testdata/koi8r.xml", true, []string{"Пример RSS ленты"}},
		{"miniflux-v2/internal/reader/xml/testdata/iso88591.xml", false, []string{"Anaïs", "Jürgen"}},
		{"miniflux-v2/internal/reader/xml/testdata/iso88591_utf8_mismatch.xml", false, []string{"Anaïs", "Jürgen"}},
		{"miniflux-v2/internal/reader/encoding/testdata/iso-8859-1.xml", true, []string{"Café", "Présentation"}},
		{"miniflux-v2/internal/reader/encoding/testdata/windows-1252.xml", true, []string{"Euro €"}},
		{"miniflux-v2/internal/reader/encoding/testdata/windows-1252-incorrect-prolog.xml", true, []string{"Euro €"}},
		{"miniflux-v2/internal/reader/encoding/testdata/utf8-incorrect-prolog.xml", false, []string{"테스트 피드", "Café"}},
		{"miniflux-v2/internal/reader/encoding/testdata/invalid-prolog.xml", false, []string{"테스트 피드", "Café"}},
		{"rss-parser/test/input/uolNoticias.rss", true, []string{"Últimas Notícias"}},
		{"rss-parser/test/input/encoding.rss", true, []string{"Jornal de Notícias - Últimas Notícias"}},
		{"feed-rs/feed-rs/fixture/rss1/rss_1.0_iso8859.xml", true, []string{"Glasfaserförderung"}},
		{"feed-rs/feed-rs/fixture/rss0/rss_0.91_encoding_1.xml", true, []string{"Informações Úteis"}},
		{"feed-rs/feed-rs/fixture/rss0/rss_0.91_encoding_2.xml", true, []string{"Tribunal de Justiça"}},
		{"feed-rs/feed-rs/fixture/rss2/rss_2.0_encoding_1.xml", true, []string{"Inovação Tecnológica"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(dir, tt.path))
			if err != nil {
				t.Fatal(err)
			}
			out, err := ToUTF8(body, "")
			if err != nil {
				t.Fatalf("ToUTF8: %v", err)
			}
			checkXMLSafe(t, out)
			if missing := bodyContains(out, tt.words); len(missing) > 0 {
				t.Errorf("missing %q (decided %+v)", missing, detect(body, ""))
			}
			if !tt.isFeed {
				return
			}
			if _, err := gofeed.NewParser().Parse(bytes.NewReader(out)); err != nil {
				t.Errorf("gofeed cannot parse the result: %v", err)
			}
		})
	}
}

// TestRealworldSweep runs every XML and JSON document of the realworld
// corpus through ToUTF8 and gofeed: no document gofeed recognises as a feed
// may fail to parse after conversion, and every output is XML-safe UTF-8.
func TestRealworldSweep(t *testing.T) {
	dir := corpustest.Dir(t, "realworld")
	var docs, feeds, notFeeds, fixed int
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".xml", ".rss", ".atom", ".rdf", ".json", ".opml":
		default:
			return nil
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		docs++
		out, err := ToUTF8(body, "")
		if err != nil {
			t.Errorf("%s: ToUTF8: %v", path, err)
			return nil
		}
		checkXMLSafe(t, out)
		_, perr := gofeed.NewParser().Parse(bytes.NewReader(out))
		switch {
		case perr == nil:
			feeds++
			if _, orig := gofeed.NewParser().Parse(bytes.NewReader(body)); orig != nil {
				fixed++
			}
		case errors.Is(perr, gofeed.ErrFeedTypeNotDetected):
			notFeeds++
		default:
			// The original must fail too: ToUTF8 may not break a feed.
			if _, orig := gofeed.NewParser().Parse(bytes.NewReader(body)); orig == nil {
				t.Errorf("%s: parses before ToUTF8 but not after: %v", path, perr)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d documents: %d parsed as feeds (%d of them only after ToUTF8), %d not feeds (OPML, plain XML), %d failing before and after (expected-output JSON, truncated fixtures)",
		docs, feeds, fixed, notFeeds, docs-feeds-notFeeds)
}
