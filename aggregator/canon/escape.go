package canon

import "strings"

const upperHex = "0123456789ABCDEF"

// unreserved reports RFC 3986 unreserved characters: escapes of these are
// decoded, because %41 and A name the same resource.
func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// subDelim reports RFC 3986 sub-delimiters, which keep their meaning and
// their spelling (escaped or not).
func subDelim(c byte) bool {
	return strings.IndexByte("!$&'()*+,;=", c) >= 0
}

// pathByte reports characters that may appear unescaped in a path.
func pathByte(c byte) bool {
	return unreserved(c) || subDelim(c) || c == ':' || c == '@' || c == '/'
}

// queryByte reports characters that may appear unescaped in a query
// component or a fragment.
func queryByte(c byte) bool {
	return pathByte(c) || c == '?'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// normaliseEscapes rewrites an escaped URL component into one spelling:
// escapes of unreserved characters are decoded, other escapes use upper-case
// hex, a "%" that starts no escape is escaped, and bytes that allowed rejects
// are escaped.
func normaliseEscapes(s string, allowed func(byte) bool) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if s[i] == '%' || !allowed(s[i]) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if unreserved(v) {
				b.WriteByte(v)
			} else {
				b.WriteByte('%')
				b.WriteByte(upperHex[v>>4])
				b.WriteByte(upperHex[v&15])
			}
			i += 2
			continue
		}
		if c != '%' && allowed(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return b.String()
}
