package output

import (
	"bytes"
	"testing"
)

// TestPublishedLinksDropTracking: item links, and the links under which
// other sources carried the story, are published without tracking
// parameters unless KeepTracking says otherwise; ids never change.
func TestPublishedLinksDropTracking(t *testing.T) {
	f := allFeed()
	f.Entries = f.Entries[:1]
	f.Entries[0].Item.Link = "https://news.example/a?id=4&utm_source=rss&fbclid=XYZ"
	for _, keep := range []bool{false, true} {
		o := testOptions
		o.KeepTracking = keep
		v, err := prepare(f, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, render := range []func(*feedView) ([]byte, error){renderRSS, renderAtom, renderJSON} {
			doc, err := render(v)
			if err != nil {
				t.Fatal(err)
			}
			tracked := bytes.Contains(doc, []byte("utm_source")) || bytes.Contains(doc, []byte("fbclid"))
			if tracked != keep || !bytes.Contains(doc, []byte("https://news.example/a?id=4")) {
				t.Errorf("KeepTracking %v: tracking parameters present %v in\n%s", keep, tracked, doc)
			}
			if !bytes.Contains(doc, []byte(xmlSafe(f.Entries[0].ID))) {
				t.Errorf("the entry id changed")
			}
		}
	}
}

// TestTitlelessEntries: a microblog post without a title gets one made of
// the start of its text in Atom (which requires a title) and on the
// pages; RSS and JSON Feed keep it title-less, as its source wrote it.
func TestTitlelessEntries(t *testing.T) {
	f := allFeed()
	f.Entries = f.Entries[:1]
	f.Entries[0].Item.Title = ""
	f.Entries[0].Item.Summary = ""
	f.Entries[0].Item.Content = "<p>Just watched the <b>harbour</b> fireworks from the pier, and the whole town was out; best night of the year by far, no question about it.</p>"
	v, err := prepare(f, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	const made = "Just watched the harbour fireworks from the pier, and the whole town was out…"
	atom, _ := renderAtom(v)
	if !bytes.Contains(atom, []byte("<title>"+made+"</title>")) {
		t.Errorf("Atom entry title is not made from the text:\n%s", atom)
	}
	page, err := renderOutputPage(&Site{Title: "t"}, v, "")
	if err != nil || !bytes.Contains(page, []byte(made)) {
		t.Errorf("page does not show the made-up title (%v)", err)
	}
	rss, _ := renderRSS(v)
	json, _ := renderJSON(v)
	if bytes.Contains(rss, []byte("<title>Just")) || bytes.Contains(json, []byte(`"title": "Just`)) {
		t.Error("RSS or JSON Feed invented a title")
	}
}
