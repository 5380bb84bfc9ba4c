package sanitize

import (
	"html"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/net/html/atom"
)

// CleanText is Text for HTML that Policy.HTML produced. There every "<"
// starts a tag and the next ">" ends it (text and attribute values are
// escaped), and no element with hidden content is left, so one scan that
// drops tags and decodes character references gives what Text's tokeniser
// gives, several times faster. Fingerprints read every stored item's text
// through it. On any other input it still returns text, only not Text's.
func CleanText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return collapse(s)
	}
	bp := cleanBuffers.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= maxPooledCleanBuffer {
			cleanBuffers.Put(bp)
		}
	}()
	b, ok := stripTags((*bp)[:0], s)
	*bp = b
	if !ok {
		return cleanTextFull(s)
	}
	// collapse copies what it returns into a string of its own, so a view
	// of the pooled buffer is safe to pass: nothing keeps it.
	return collapse(unsafe.String(unsafe.SliceData(b), len(b)))
}

// cleanBuffers holds CleanText's buffers for the text between the tags.
var cleanBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

// maxPooledCleanBuffer keeps the buffer of a huge body out of the pool.
const maxPooledCleanBuffer = 256 << 10

// stripTags appends to b what cleanTextFull hands collapse: the text of s
// with tags dropped (a space for those that separate words) and character
// references decoded. It decodes only the references HTML writes when it
// escapes text and attributes (&amp; &lt; &gt; &#34; &#39; &#13;), where it
// is sure to decode as html.UnescapeString would; at any other "&" it
// returns false and cleanTextFull does the work.
func stripTags(b []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); {
		j := strings.IndexAny(s[i:], "<&")
		if j < 0 {
			return append(b, s[i:]...), true
		}
		b = append(b, s[i:i+j]...)
		i += j
		if s[i] == '&' {
			c, n := escapedChar(s[i:])
			if n == 0 {
				return b, false
			}
			b = append(b, c)
			i += n
			continue
		}
		k := strings.IndexByte(s[i:], '>')
		if k < 0 {
			return b, true
		}
		if !inline[tagAtom(s[i+1:i+k])] {
			b = append(b, ' ')
		}
		i += k + 1
	}
	return b, true
}

// escapedChar decodes the character reference at the start of s if it is
// one that x/net/html's escaping writes, returning the character and the
// reference's length, or 0 for any other.
func escapedChar(s string) (byte, int) {
	switch {
	case strings.HasPrefix(s, "&amp;"):
		return '&', 5
	case strings.HasPrefix(s, "&#39;"):
		return '\'', 5
	case strings.HasPrefix(s, "&#34;"):
		return '"', 5
	case strings.HasPrefix(s, "&lt;"):
		return '<', 4
	case strings.HasPrefix(s, "&gt;"):
		return '>', 4
	case strings.HasPrefix(s, "&#13;"):
		return '\r', 5
	}
	return 0, 0
}

// cleanTextFull is CleanText for any input: tags dropped, then every
// character reference decoded by html.UnescapeString.
func cleanTextFull(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		if !inline[tagAtom(s[i+1:i+j])] {
			b.WriteByte(' ')
		}
		s = s[i+j+1:]
	}
	return collapse(html.UnescapeString(b.String()))
}

// tagAtom returns the element of a tag's inside ("p class=x", "/em").
func tagAtom(tag string) atom.Atom {
	tag = strings.TrimPrefix(tag, "/")
	var name [16]byte
	n := 0
	for n < len(tag) && n < len(name) {
		c := tag[n]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		default:
			return atom.Lookup(name[:n])
		}
		name[n] = c
		n++
	}
	return atom.Lookup(name[:n])
}
