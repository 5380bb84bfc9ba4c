package output

import (
	"encoding/xml"
)

// opmlDocs is the OPML 2.0 specification's address, which OPML's <docs>
// names.
const opmlDocs = "http://opml.org/spec2.opml"

// opmlDocument is an OPML 2.0 subscription list.
type opmlDocument struct {
	XMLName xml.Name      `xml:"opml"`
	Version string        `xml:"version,attr"`
	Head    opmlHead      `xml:"head"`
	Body    []opmlOutline `xml:"body>outline"`
}

// opmlHead is the list's title and owner.
type opmlHead struct {
	Title      string `xml:"title"`
	OwnerName  string `xml:"ownerName,omitempty"`
	OwnerEmail string `xml:"ownerEmail,omitempty"`
	Docs       string `xml:"docs"`
}

// opmlOutline is a feed (type="rss", with xmlUrl) or a folder of them.
type opmlOutline struct {
	Text        string        `xml:"text,attr"`
	Title       string        `xml:"title,attr,omitempty"`
	Type        string        `xml:"type,attr,omitempty"`
	XMLURL      string        `xml:"xmlUrl,attr,omitempty"`
	HTMLURL     string        `xml:"htmlUrl,attr,omitempty"`
	Description string        `xml:"description,attr,omitempty"`
	Outlines    []opmlOutline `xml:"outline"`
}

// renderOPML lists every output's Atom feed, grouped in folders as on the
// index page, so a reader can subscribe to all of them in one import. Atom
// is the format every OPML-importing reader reads and the best specified
// one; the other formats are one file name away.
func renderOPML(s *Site, views []*feedView) ([]byte, error) {
	doc := opmlDocument{
		Version: "2.0",
		Head:    opmlHead{Title: siteTitle(s), Docs: opmlDocs},
	}
	if p := newPerson(s.Owner); p != nil {
		doc.Head.OwnerName, doc.Head.OwnerEmail = p.Name, p.Email
	}
	folders := map[string]int{}
	for _, v := range views {
		feed := opmlOutline{
			Text: v.Title, Title: v.Title, Type: "rss",
			XMLURL: v.AtomURL, HTMLURL: v.PageURL, Description: v.Description,
		}
		heading := groupHeading(v.Kind)
		if heading == "Everything" {
			doc.Body = append(doc.Body, feed)
			continue
		}
		i, ok := folders[heading]
		if !ok {
			i = len(doc.Body)
			folders[heading] = i
			doc.Body = append(doc.Body, opmlOutline{Text: heading, Title: heading})
		}
		doc.Body[i].Outlines = append(doc.Body[i].Outlines, feed)
	}
	return marshalXML(doc)
}
