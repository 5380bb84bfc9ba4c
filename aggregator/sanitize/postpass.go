package sanitize

import (
	"html"
	"net/url"
	"strings"
)

// urlAttrs lists, per element HTML keeps, the attributes holding URLs and
// how each is used. bluemonday checks the scheme of some of them against
// one list for all elements, resolves none, and leaves srcset, poster and
// source src unchecked.
var urlAttrs = map[string]map[string]urlUse{
	"a":          {"href": useLink},
	"img":        {"src": useImage, "srcset": useResource},
	"audio":      {"src": useResource},
	"video":      {"src": useResource, "poster": useResource},
	"source":     {"src": useResource, "srcset": useResource},
	"track":      {"src": useResource},
	"blockquote": {"cite": useResource},
	"q":          {"cite": useResource},
	"del":        {"cite": useResource},
	"ins":        {"cite": useResource},
}

// keptBare lists the elements of urlAttrs that bluemonday keeps without
// attributes; the others (img, source, track) are dropped when fixURLs
// leaves them none.
var keptBare = map[string]bool{"a": true, "audio": true, "video": true, "blockquote": true, "q": true, "del": true, "ins": true}

// fixURLs finishes bluemonday's output: it resolves the URL attributes in
// urlAttrs against base and removes those unusable or dangerous for their
// element, and gives audio and video controls.
//
// It reads bluemonday's output, not arbitrary HTML: there every tag was
// written by x/net/html's Token.String, so attributes are always
// key="value" with '"', '<' and '>' escaped inside values and text, and a
// plain scan for '<' and '>' finds exactly the tags. That makes this pass
// far cheaper than a second tokenisation, and it copies nothing when
// nothing changes.
func fixURLs(s string, base *url.URL) string {
	var b strings.Builder
	copied := 0
	for i := 0; ; {
		start := strings.IndexByte(s[i:], '<')
		if start < 0 {
			break
		}
		start += i
		end := strings.IndexByte(s[start:], '>')
		if end < 0 {
			break
		}
		end += start + 1
		i = end
		tag := s[start:end]
		if len(tag) < 3 || tag[1] == '/' {
			continue
		}
		fixed, changed := fixTag(tag, base)
		if !changed {
			continue
		}
		if copied == 0 {
			b.Grow(len(s) + 64)
		}
		b.WriteString(s[copied:start])
		b.WriteString(fixed)
		copied = end
	}
	if copied == 0 {
		return s
	}
	b.WriteString(s[copied:])
	return b.String()
}

// fixTag applies fixURLs to one normalised start tag.
func fixTag(tag string, base *url.URL) (string, bool) {
	body, selfClosing := strings.CutSuffix(tag[1:len(tag)-1], "/")
	name, rest, _ := strings.Cut(body, " ")
	attrs, ok := urlAttrs[name]
	if !ok {
		return tag, false
	}
	media := name == "audio" || name == "video"
	var b strings.Builder
	b.Grow(len(tag) + 32)
	b.WriteByte('<')
	b.WriteString(name)
	changed, controls, kept := false, false, 0
	for rest != "" {
		var key, raw string
		key, rest, _ = strings.Cut(rest, `="`)
		raw, rest, _ = strings.Cut(rest, `"`)
		rest = strings.TrimPrefix(rest, " ")
		controls = controls || key == "controls"
		if use, isURL := attrs[key]; isURL {
			val := html.UnescapeString(raw)
			var fixed string
			if key == "srcset" {
				fixed = resolveSrcset(val, base)
			} else {
				fixed = resolve(val, base, use)
			}
			if fixed != val {
				changed = true
				if fixed == "" {
					continue
				}
				raw = html.EscapeString(fixed)
			}
		}
		writeAttr(&b, key, raw)
		kept++
	}
	if media && !controls {
		writeAttr(&b, "controls", "")
		changed = true
	}
	if !changed {
		return tag, false
	}
	if kept == 0 && !keptBare[name] {
		// bluemonday would drop the bare element on a second pass.
		return "", true
	}
	if selfClosing {
		b.WriteByte('/')
	}
	b.WriteByte('>')
	return b.String(), true
}

// writeAttr writes an attribute whose value is already escaped, the way
// x/net/html's Token.String does.
func writeAttr(b *strings.Builder, key, escaped string) {
	b.WriteByte(' ')
	b.WriteString(key)
	b.WriteString(`="`)
	b.WriteString(escaped)
	b.WriteByte('"')
}
