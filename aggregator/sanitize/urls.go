package sanitize

import (
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/idna"
)

// urlUse says where a URL appears, which decides the schemes it may have.
type urlUse int

const (
	// useResource is any URL a reader fetches or follows that is not a
	// link in content: media sources, cite, item links and enclosures.
	useResource urlUse = iota
	// useLink is a link in content, which may also start the reader's mail
	// or phone application.
	useLink
	// useImage is an img src, which may also be an inline raster image.
	useImage
)

// dataImage matches the inline images allowed in img src: base64 PNG, GIF,
// JPEG or WebP, with optional parameters such as a name.
var dataImage = regexp.MustCompile(`^(?i:data:image/(?:png|gif|jpeg|webp)(?:;[a-z0-9._+-]+=[a-z0-9._+-]*)*;base64),[A-Za-z0-9+/]+=*$`)

// URL returns raw resolved against base as an absolute http or https URL,
// or "" when raw is unusable or dangerous: another scheme (javascript:,
// vbscript:, data:, file:, ...), control characters, no host, or a
// relative reference without an http(s) base, as when a hostile xml:base
// of "javascript:" would make a relative link dangerous. Credentials are
// removed. base may be nil.
func URL(raw string, base *url.URL) string {
	return resolve(raw, base, useResource)
}

// resolve implements URL for a given use.
func resolve(raw string, base *url.URL, use urlUse) string {
	s, ok := trimURL(raw)
	if !ok || s == "" {
		return ""
	}
	if use == useImage && len(s) > 5 && strings.EqualFold(s[:5], "data:") {
		s = strings.Join(strings.Fields(s), "")
		if dataImage.MatchString(s) {
			return s
		}
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	if !u.IsAbs() {
		if base == nil || !webURL(base) {
			return ""
		}
		u = base.ResolveReference(u)
	}
	switch u.Scheme {
	case "http", "https":
		if !webURL(u) || !asciiHost(u) {
			return ""
		}
		u.User = nil
	case "mailto", "tel":
		if use != useLink || u.Opaque == "" {
			return ""
		}
		u.Opaque = escapeRaw(u.Opaque)
	default:
		return ""
	}
	u.RawQuery = escapeRaw(u.RawQuery)
	out := u.String()
	// Resolution can assemble what a parser would not accept ("//::"
	// against an http base): the result must read back as itself. A URL
	// that printed as it was written has just been read: it does (the
	// common case, an absolute link; FuzzURL checks the round trip).
	if out == s {
		return out
	}
	if again, err := url.Parse(out); err != nil || again.String() != out {
		return ""
	}
	return out
}

// escapeRaw percent-encodes what url.URL.String writes verbatim from the
// query and opaque parts but a URL must not contain: controls, spaces,
// quotes, angle brackets and every non-ASCII byte (the WHATWG query
// percent-encode set). Invalid UTF-8 therefore cannot survive, and the
// result reads back the same.
func escapeRaw(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := range len(s) {
		c := s[i]
		if c > ' ' && c < 0x7F && c != '"' && c != '\'' && c != '<' && c != '>' {
			if b.Len() > 0 {
				b.WriteByte(c)
			}
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s) + 16)
			b.WriteString(s[:i])
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	if b.Len() == 0 {
		return s
	}
	return b.String()
}

// webURL reports whether u is an absolute http(s) URL with a host.
func webURL(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != "" && u.Opaque == ""
}

// asciiHost converts an internationalised host name to its ASCII (IDNA)
// form, which every reader accepts, instead of the percent-encoding
// url.URL.String would give it. It reports false for a host IDNA rejects.
func asciiHost(u *url.URL) bool {
	host := u.Hostname()
	if isASCII(host) {
		return true
	}
	ascii, err := idna.Lookup.ToASCII(host)
	if err != nil || ascii == "" {
		// IDNA maps some characters (a soft hyphen) to nothing.
		return false
	}
	if port := u.Port(); port != "" {
		ascii += ":" + port
	}
	u.Host = ascii
	return true
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// trimURL strips what browsers strip from a URL before parsing it (leading
// and trailing C0 controls and spaces, and tabs and newlines anywhere, per
// the WHATWG URL standard) and rejects any other control character.
func trimURL(raw string) (string, bool) {
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s)
	}
	for _, r := range s {
		if r < ' ' || r == 0x7F || (r >= 0x80 && r <= 0x9F) {
			return "", false
		}
	}
	return s, true
}

// srcsetDescriptor matches a width, density or (legacy) height descriptor.
var srcsetDescriptor = regexp.MustCompile(`^(?:[0-9]+[wh]|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?x)$`)

// resolveSrcset resolves every candidate of a srcset attribute, dropping
// candidates whose URL is unusable or whose descriptor is not one of the
// standard forms. A comma ending a URL is escaped, since srcset parsing
// would otherwise take it for a separator. It returns "" when no candidate
// is left.
func resolveSrcset(srcset string, base *url.URL) string {
	var out []string
	for s := srcset; ; {
		s = strings.TrimLeft(s, " \t\n\r\f,")
		if s == "" {
			break
		}
		end := strings.IndexAny(s, " \t\n\r\f")
		if end < 0 {
			end = len(s)
		}
		raw, descriptor := s[:end], ""
		s = s[end:]
		if trimmed := strings.TrimRight(raw, ","); trimmed != raw {
			raw = trimmed
		} else {
			descriptor, s, _ = strings.Cut(s, ",")
			descriptor = strings.TrimSpace(descriptor)
		}
		if descriptor != "" && !srcsetDescriptor.MatchString(descriptor) {
			continue
		}
		u := resolve(raw, base, useResource)
		if u == "" {
			continue
		}
		candidate := strings.TrimRight(u, ",")
		candidate += strings.Repeat("%2C", len(u)-len(candidate))
		if descriptor != "" {
			candidate += " " + descriptor
		}
		out = append(out, candidate)
	}
	return strings.Join(out, ", ")
}
