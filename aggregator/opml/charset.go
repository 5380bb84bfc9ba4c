package opml

import (
	"fmt"
	"io"

	"golang.org/x/net/html/charset"
)

// opmlCharsetReader lets the XML decoder read OPML files declared in any
// encoding the WHATWG encoding standard knows (ISO-8859-1, windows-1252…).
func opmlCharsetReader(label string, input io.Reader) (io.Reader, error) {
	r, err := charset.NewReaderLabel(label, input)
	if err != nil {
		return nil, fmt.Errorf("unsupported encoding %q; save the file as UTF-8", label)
	}
	return r, nil
}
