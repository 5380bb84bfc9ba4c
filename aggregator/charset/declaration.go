package charset

import "bytes"

// maxDeclaration bounds how far into a body the XML declaration is looked
// for; a real one is well under 100 bytes.
const maxDeclaration = 1024

// canonicalDeclaration replaces a declaration that would mislead
// encoding/xml once the body is UTF-8.
const canonicalDeclaration = `<?xml version="1.0" encoding="UTF-8"?>`

// trimBeforeDeclaration drops ASCII whitespace in front of an XML
// declaration. A declaration must be the first thing in a document and
// encoding/xml rejects one that is not; the whitespace is a common slip of
// templating engines.
func trimBeforeDeclaration(b []byte) []byte {
	trimmed := bytes.TrimLeft(b, " \t\r\n")
	if len(trimmed) < len(b) && bytes.HasPrefix(trimmed, []byte("<?xml")) {
		return trimmed
	}
	return b
}

// declaration returns the content of the XML declaration at the start of b
// (between "<?xml" and "?>") and the offset just past it.
func declaration(b []byte) (content []byte, end int, ok bool) {
	b = b[:min(len(b), maxDeclaration)]
	if len(b) < 6 || !bytes.HasPrefix(b, []byte("<?xml")) || !isSpace(b[5]) {
		return nil, 0, false
	}
	closing := bytes.Index(b, []byte("?>"))
	if closing < 0 {
		return nil, 0, false
	}
	return b[5:closing], closing + 2, true
}

// declaredEncoding returns the encoding named in the XML declaration at
// the start of an 8-bit body, or "". Spaces around "=" are allowed, as XML
// allows them.
func declaredEncoding(body []byte) string {
	content, _, ok := declaration(trimBeforeDeclaration(body))
	if !ok {
		return ""
	}
	return string(pseudoAttribute(content, "encoding", true))
}

// pseudoAttribute returns the quoted value following name and "=" in the
// content of a declaration. With spaces false it matches exactly what
// encoding/xml's procInst matches, which is what decides whether the parser
// will call its CharsetReader.
func pseudoAttribute(content []byte, name string, spaces bool) []byte {
	for i := 0; i < len(content); {
		at := bytes.Index(content[i:], []byte(name))
		if at < 0 {
			return nil
		}
		j := i + at + len(name)
		i = j
		if spaces {
			j = skipSpace(content, j)
		}
		if j >= len(content) || content[j] != '=' {
			continue
		}
		j++
		if spaces {
			j = skipSpace(content, j)
		}
		if j >= len(content) || (content[j] != '"' && content[j] != '\'') {
			continue
		}
		value, _, found := bytes.Cut(content[j+1:], content[j:j+1])
		if !found {
			return nil
		}
		return value
	}
	return nil
}

// rewriteDeclaration makes the XML declaration of a UTF-8 document say so,
// since encoding/xml would otherwise decode the already decoded bytes again
// with the original label, or fail on a label it does not know. A version
// other than 1.0 is rewritten too: encoding/xml refuses XML 1.1, and the
// characters ToUTF8 leaves are XML 1.0 characters. It returns b itself when
// nothing needs to change.
func rewriteDeclaration(b []byte) []byte {
	content, end, ok := declaration(b)
	if !ok {
		return b
	}
	fine := true
	// encoding/xml's reading (no spaces around "=") and XML's own.
	for _, spaces := range []bool{false, true} {
		enc := pseudoAttribute(content, "encoding", spaces)
		ver := pseudoAttribute(content, "version", spaces)
		fine = fine && (len(enc) == 0 || bytes.EqualFold(enc, []byte("utf-8"))) && (len(ver) == 0 || string(ver) == "1.0")
	}
	if fine {
		return b
	}
	out := make([]byte, 0, len(canonicalDeclaration)+len(b)-end)
	out = append(out, canonicalDeclaration...)
	return append(out, b[end:]...)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}
