package opml

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedloom/feedloom/aggregator"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n%s", name, got)
	}
}

// spliced reports whether out is orig with orig[i:j] replaced by one
// contiguous piece, and returns i, j and the piece.
func spliced(orig, out []byte) (i, j int, piece string) {
	for i < len(orig) && i < len(out) && orig[i] == out[i] {
		i++
	}
	k := 0
	for k < len(orig)-i && k < len(out)-i && orig[len(orig)-1-k] == out[len(out)-1-k] {
		k++
	}
	return i, len(orig) - k, string(out[i : len(out)-k])
}

func mustParse(t *testing.T, data []byte) *aggregator.Collection {
	t.Helper()
	c, err := Parse(data, "edited.opml", t.TempDir(), aggregator.CompileQuery)
	if err != nil {
		t.Fatalf("edited file does not load: %v\n%s", err, data)
	}
	return c
}

func TestRewriteSourceURL(t *testing.T) {
	tests := []struct {
		file, from, to string
		// oldRaw is the attribute as written; newRaw how it must read.
		oldRaw, newRaw string
	}{
		{"messy.opml", "https://old.example/rss?a=1&b=2", "https://new.example/rss?a=1&b='2'",
			"xmlUrl='https://old.example/rss?a=1&amp;b=2'", "xmlUrl='https://new.example/rss?a=1&amp;b=&apos;2&apos;'"},
		{"messy.opml", "https://harbour.example/feed.xml", `https://harbour.example/feed?x="y"&z`,
			`xmlUrl="https://harbour.example/feed.xml"`, `xmlUrl="https://harbour.example/feed?x=&quot;y&quot;&amp;z"`},
		{"messy.opml", "https://multi.example/atom.xml", "https://multi.example/feed/",
			`xmlUrl="https://multi.example/atom.xml"`, `xmlUrl="https://multi.example/feed/"`},
		{"messy.opml", "https://inline.example/feed", "https://inline.example/neu/ü",
			`xmlUrl="https://inline.example/feed"`, `xmlUrl="https://inline.example/neu/ü"`},
		{"latin1.opml", "http://cafe.example/rss", "https://café.example/rss",
			`xmlUrl="http://cafe.example/rss"`, `xmlUrl="https://caf&#233;.example/rss"`},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.from, func(t *testing.T) {
			orig := readFixture(t, tt.file)
			out, err := RewriteSourceURL(orig, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if n := bytes.Count(orig, []byte(tt.oldRaw)); n != 1 {
				t.Fatalf("fixture holds %q %d times", tt.oldRaw, n)
			}
			// Byte for byte, only that attribute changed.
			if want := bytes.Replace(orig, []byte(tt.oldRaw), []byte(tt.newRaw), 1); !bytes.Equal(out, want) {
				i, j, piece := spliced(orig, out)
				t.Errorf("changed orig[%d:%d] %q into %q; want only %q → %q", i, j, orig[i:j], piece, tt.oldRaw, tt.newRaw)
			}
			before, after := mustParse(t, orig), mustParse(t, out)
			if len(before.Sources) != len(after.Sources) {
				t.Fatalf("%d sources became %d", len(before.Sources), len(after.Sources))
			}
			for k, s := range after.Sources {
				b := before.Sources[k]
				wantURL := b.URL
				if b.URL == tt.from {
					wantURL = tt.to
				}
				if s.URL != wantURL || s.Title != b.Title || strings.Join(s.Categories, ",") != strings.Join(b.Categories, ",") {
					t.Errorf("source %d = %q %q %v; want %q %q %v", k, s.URL, s.Title, s.Categories, wantURL, b.Title, b.Categories)
				}
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		if _, err := RewriteSourceURL(readFixture(t, "messy.opml"), "https://commented.example/feed", "x"); !errors.Is(err, ErrSourceNotFound) {
			t.Errorf("a commented-out outline was found: %v", err)
		}
	})
}

func TestRemoveSource(t *testing.T) {
	tests := []struct {
		url, removed string
	}{
		{"https://harbour.example/feed.xml", "      <outline type=\"rss\" text=\"Harbour Gazette\" xmlUrl=\"https://harbour.example/feed.xml\" htmlUrl=\"https://harbour.example/\"/>\n"},
		{"https://multi.example/atom.xml", "      <outline\n          text=\"Multi line\"\n          xmlUrl=\"https://multi.example/atom.xml\"\n      />\n"},
		{"https://inline.example/feed", `<outline text="Inline" xmlUrl="https://inline.example/feed"/>`},
		{"https://old.example/rss?a=1&b=2", "      <outline xmlUrl='https://old.example/rss?a=1&amp;b=2' text='Old &amp; Moved' custom=\"kept\"/>\n"},
	}
	orig := readFixture(t, "messy.opml")
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			out, err := RemoveSource(orig, tt.url)
			if err != nil {
				t.Fatal(err)
			}
			if n := bytes.Count(orig, []byte(tt.removed)); n != 1 {
				t.Fatalf("fixture holds %q %d times", tt.removed, n)
			}
			if want := bytes.Replace(orig, []byte(tt.removed), nil, 1); !bytes.Equal(out, want) {
				i, j, piece := spliced(orig, out)
				t.Errorf("removed %q and inserted %q; want exactly %q removed", orig[i:j], piece, tt.removed)
			}
			if c := mustParse(t, out); c.Source(tt.url) != nil || len(c.Sources) != 4 {
				t.Errorf("after removal: %d sources", len(c.Sources))
			}
		})
	}
	if _, err := RemoveSource(orig, "https://nowhere.example/"); !errors.Is(err, ErrSourceNotFound) {
		t.Errorf("err = %v, want ErrSourceNotFound", err)
	}
}

func TestAddSource(t *testing.T) {
	tests := []struct {
		name, file string
		o          NewOutline
		wantCat    string
		// changed is what the edit may change besides inserting: the "/"
		// of a self-closing folder.
		changed string
	}{
		{"into a folder", "messy.opml", NewOutline{Title: "Valley Times", XMLURL: "https://valley.example/rss", HTMLURL: "https://valley.example/", Category: "News"}, "News", ""},
		{"into a nested one-line folder", "messy.opml", NewOutline{Title: "Berlin <Daily>", XMLURL: "https://berlin.example/feed?x=1&y=2", Category: "News/Europe"}, "News/Europe", ""},
		{"into an empty folder", "messy.opml", NewOutline{Title: "First", XMLURL: "https://first.example/feed", Category: "Empty"}, "Empty", "/"},
		{"new folders under an existing one", "messy.opml", NewOutline{Title: "Oslo", XMLURL: "https://oslo.example/feed", Category: "News/Nordic/Norway"}, "News/Nordic/Norway", ""},
		{"a new folder at the end", "messy.opml", NewOutline{Title: "Podcast", XMLURL: "https://pod.example/feed", Category: "Audio"}, "Audio", ""},
		{"top level", "messy.opml", NewOutline{XMLURL: "https://untitled.example/feed"}, "", ""},
		{"latin1 with tabs and CRLF", "latin1.opml", NewOutline{Title: "Été", XMLURL: "http://ete.example/rss", Category: "Français"}, "Français", ""},
		{"latin1 new folder", "latin1.opml", NewOutline{Title: "Ja", XMLURL: "http://ja.example/rss", Category: "日本"}, "日本", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := readFixture(t, tt.file)
			out, err := AddSource(orig, tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if i, j, _ := spliced(orig, out); string(orig[i:j]) != tt.changed {
				t.Errorf("orig[%d:%d] %q was changed; want an insertion that changes only %q", i, j, orig[i:j], tt.changed)
			}
			c := mustParse(t, out)
			s := c.Source(tt.o.XMLURL)
			if s == nil {
				t.Fatalf("added source not found")
			}
			if tt.wantCat != "" && !s.InCategory(strings.ReplaceAll(tt.wantCat, "/", "/")) {
				t.Errorf("categories %q, want %q", s.Categories, tt.wantCat)
			}
			if tt.wantCat == "" && len(s.Categories) != 0 {
				t.Errorf("categories %q, want none", s.Categories)
			}
			if len(c.Sources) != len(mustParse(t, orig).Sources)+1 {
				t.Errorf("%d sources", len(c.Sources))
			}
			golden(t, strings.ReplaceAll(tt.name, " ", "-")+".opml", out)
		})
	}
	t.Run("duplicate", func(t *testing.T) {
		_, err := AddSource(readFixture(t, "messy.opml"), NewOutline{XMLURL: "https://top.example/feed.json", Category: "News"})
		if !errors.Is(err, ErrDuplicateSource) {
			t.Errorf("err = %v, want ErrDuplicateSource", err)
		}
	})
	t.Run("utf-16 refused", func(t *testing.T) {
		_, err := AddSource([]byte(`<?xml version="1.0" encoding="UTF-16"?><opml/>`), NewOutline{XMLURL: "https://x.example/"})
		if err == nil || !strings.Contains(err.Error(), "UTF-8") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestSave(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "feeds.opml")
	orig := readFixture(t, "messy.opml")
	os.WriteFile(p, orig, 0o640)
	os.Symlink(p, filepath.Join(dir, "link.opml"))
	out, _ := RemoveSource(orig, "https://top.example/feed.json")
	if err := Save(filepath.Join(dir, "link.opml"), orig, out); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	bak, _ := os.ReadFile(p + ".bak")
	fi, _ := os.Stat(p)
	if !bytes.Equal(got, out) || !bytes.Equal(bak, orig) || fi.Mode().Perm() != 0o640 {
		t.Errorf("saved %d bytes (want %d), backup %d bytes (want %d), mode %v", len(got), len(out), len(bak), len(orig), fi.Mode())
	}
	if l, err := os.Lstat(filepath.Join(dir, "link.opml")); err != nil || l.Mode()&os.ModeSymlink == 0 {
		t.Error("the symbolic link was replaced")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("folder holds %d files; a temporary file was left behind?", len(entries))
	}
	if err := Save(p, orig, out); !errors.Is(err, ErrChanged) {
		t.Errorf("saving over a file that changed: %v, want ErrChanged", err)
	}
}

func FuzzOPMLEdit(f *testing.F) {
	f.Add(readFixtureF(f, "messy.opml"))
	f.Add(readFixtureF(f, "latin1.opml"))
	f.Add([]byte(`<opml><body><outline xmlUrl="http://a/"/></body></opml>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, "f.opml", "/tmp", nil)
		if err != nil || len(c.Sources) == 0 {
			return
		}
		s := c.Sources[0]
		check := func(op string, out []byte, err error, wantN int, wantURL string) {
			if err != nil {
				if strings.Contains(err.Error(), "encoding") {
					return
				}
				t.Fatalf("%s: %v", op, err)
			}
			c2, err := Parse(out, "f.opml", "/tmp", nil)
			if err != nil {
				if wantN == 0 {
					return
				}
				t.Fatalf("%s: result does not load: %v\n%q", op, err, out)
			}
			if len(c2.Sources) != wantN || (wantURL != "" && c2.Source(wantURL) == nil) {
				t.Fatalf("%s: %d sources, want %d with %q\n%q", op, len(c2.Sources), wantN, wantURL, out)
			}
		}
		const fresh = "https://fresh.example/f?a=1&b=<2>"
		if c.Source(fresh) == nil {
			out, err := RewriteSourceURL(data, s.URL, fresh)
			check("rewrite", out, err, len(c.Sources), fresh)
			out, err = AddSource(data, NewOutline{Title: "T & \"q\"", XMLURL: fresh, Category: "A/B"})
			check("add", out, err, len(c.Sources)+1, fresh)
		}
		out, err := RemoveSource(data, s.URL)
		check("remove", out, err, len(c.Sources)-1, "")
	})
}

func readFixtureF(f *testing.F, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		f.Fatal(err)
	}
	return b
}
