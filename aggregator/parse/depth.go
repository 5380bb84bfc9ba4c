package parse

import "bytes"

// deeperThan reports whether the XML in b nests elements more than limit
// deep. It is a byte scan, far cheaper than parsing: comments, CDATA
// sections, processing instructions and declarations (a DOCTYPE's internal
// subset included) are skipped, quoted attribute values may hold ">", and
// end tags close whatever is open without checking names, as a lenient
// parser does. It never counts fewer levels than a parser would see, so
// a document it passes cannot exhaust the parser's stack.
func deeperThan(b []byte, limit int) bool {
	depth := 0
	for {
		i := bytes.IndexByte(b, '<')
		if i < 0 || i+1 >= len(b) {
			return false
		}
		b = b[i:]
		switch {
		case bytes.HasPrefix(b, []byte("<!--")):
			b = skipPast(b[4:], "-->")
		case bytes.HasPrefix(b, []byte("<![CDATA[")):
			b = skipPast(b[9:], "]]>")
		case b[1] == '?':
			b = skipPast(b[2:], "?>")
		case b[1] == '!':
			b = skipDeclaration(b[2:])
		case b[1] == '/':
			depth = max(depth-1, 0)
			b = skipPast(b[2:], ">")
		case nameStart(b[1]):
			var selfClosing bool
			b, selfClosing = skipTag(b[1:])
			if !selfClosing {
				if depth++; depth > limit {
					return true
				}
			}
		default: // a stray "<" in text
			b = b[1:]
		}
	}
}

// nameStart reports whether c can begin an element name (any byte of a
// multi-byte UTF-8 character can).
func nameStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

// skipPast returns b after the first end, or nothing when end is absent.
func skipPast(b []byte, end string) []byte {
	i := bytes.Index(b, []byte(end))
	if i < 0 {
		return nil
	}
	return b[i+len(end):]
}

// skipTag returns b after the tag it starts with, and whether the tag
// closed itself ("/>"). Quoted attribute values are skipped whole.
func skipTag(b []byte) ([]byte, bool) {
	var quote byte
	for i, c := range b {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return b[i+1:], i > 0 && b[i-1] == '/'
		}
	}
	return nil, false
}

// skipDeclaration returns b after a <!...> declaration, skipping a
// bracketed internal subset with its own declarations, comments and quoted
// literals.
func skipDeclaration(b []byte) []byte {
	var quote byte
	brackets := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			brackets++
		case c == ']':
			brackets = max(brackets-1, 0)
		case c == '<' && bytes.HasPrefix(b[i:], []byte("<!--")):
			rest := skipPast(b[i+4:], "-->")
			i = len(b) - len(rest) - 1
		case c == '>' && brackets == 0:
			return b[i+1:]
		}
	}
	return nil
}
