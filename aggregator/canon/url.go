package canon

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// URL returns the canonical form of an absolute http(s) URL used to
// recognise one page published under several URLs (see the package
// documentation for the rules). The result always starts with "https://".
// A URL that is not absolute http(s) returns an error wrapping ErrNotHTTP;
// one that does not parse, or whose host is unusable, an error wrapping
// ErrInvalid.
func URL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canonical URL of %q: %w: %w", raw, ErrInvalid, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return "", fmt.Errorf("canonical URL of %q: %w", raw, ErrNotHTTP)
	}
	if u.Opaque != "" {
		return "", fmt.Errorf("canonical URL of %q: %w: no authority", raw, ErrInvalid)
	}
	host, err := canonicalHost(u.Hostname())
	if err != nil {
		return "", fmt.Errorf("canonical URL of %q: %w", raw, err)
	}
	port, err := canonicalPort(u.Port())
	if err != nil {
		return "", fmt.Errorf("canonical URL of %q: %w", raw, err)
	}
	path := canonicalPath(u.EscapedPath())
	host, path = alias(host, path)
	query := canonicalQuery(u.RawQuery)
	frag := normaliseEscapes(u.EscapedFragment(), queryByte)

	var b strings.Builder
	b.Grow(len("https://") + len(host) + len(port) + 1 + len(path) + 1 + len(query) + 1 + len(frag))
	b.WriteString("https://")
	b.WriteString(host)
	if port != "" {
		b.WriteByte(':')
		b.WriteString(port)
	}
	b.WriteString(path)
	if query != "" {
		b.WriteByte('?')
		b.WriteString(query)
	}
	if keepFragment(path, frag) {
		b.WriteByte('#')
		b.WriteString(frag)
	}
	return b.String(), nil
}

// canonicalHost lower-cases a host name, writes an internationalised name
// in its ASCII (punycode) form, drops a trailing dot and leading "www."
// labels, and brackets IPv6 literals.
func canonicalHost(name string) (string, error) {
	name = strings.TrimSuffix(name, ".")
	if name == "" || name[0] == '.' || strings.Contains(name, "..") {
		return "", fmt.Errorf("%w: host %q", ErrInvalid, name)
	}
	if strings.Contains(name, ":") { // IPv6 literal; zones are not web hosts
		if strings.Contains(name, "%") {
			return "", fmt.Errorf("%w: IPv6 zone in host", ErrInvalid)
		}
		return "[" + strings.ToLower(name) + "]", nil
	}
	if !isASCII(name) {
		a, err := idna.Lookup.ToASCII(name)
		if err != nil {
			return "", fmt.Errorf("%w: host %q: %w", ErrInvalid, name, err)
		}
		name = a
	}
	name = strings.ToLower(name)
	for i := 0; i < len(name); i++ {
		if c := name[i]; !unreserved(c) {
			return "", fmt.Errorf("%w: character %q in host", ErrInvalid, c)
		}
	}
	for strings.HasPrefix(name, "www.") && strings.Contains(name[len("www."):], ".") {
		name = name[len("www."):]
	}
	if name == "" || name[0] == '.' || strings.Contains(name, "..") || strings.HasSuffix(name, ".") {
		return "", fmt.Errorf("%w: host %q", ErrInvalid, name)
	}
	return name, nil
}

// canonicalPort drops the default ports. Both 80 and 443 are dropped
// whatever the scheme, since the key folds http and https.
func canonicalPort(port string) (string, error) {
	if port == "" {
		return "", nil
	}
	n, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return "", fmt.Errorf("%w: port %q", ErrInvalid, port)
	}
	if n == 80 || n == 443 {
		return "", nil
	}
	return strconv.FormatUint(n, 10), nil
}

// canonicalPath normalises escapes, resolves dot segments, and drops
// trailing slashes; the empty path is "/".
func canonicalPath(escaped string) string {
	p := removeDotSegments(normaliseEscapes(escaped, pathByte))
	p = strings.TrimRight(p, "/")
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	return p
}

// removeDotSegments resolves "." and ".." segments (RFC 3986 §5.2.4).
func removeDotSegments(p string) string {
	if !strings.Contains(p, ".") {
		return p
	}
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
			continue
		}
		if last {
			out = append(out, "")
		}
	}
	return "/" + strings.Join(out, "/")
}

// canonicalQuery removes tracking parameters and empty fields and
// normalises the escapes of the rest, keeping their order.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	kept := make([]string, 0, strings.Count(raw, "&")+1)
	for field := range strings.SplitSeq(raw, "&") {
		if field == "" {
			continue
		}
		name, _, _ := strings.Cut(field, "=")
		if IsTrackingParam(name) {
			continue
		}
		kept = append(kept, normaliseEscapes(field, queryByte))
	}
	return strings.Join(kept, "&")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
